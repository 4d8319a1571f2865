#pragma once
// Helpers shared by the files that implement ApprovalService (approvals.cc: the view, the
// register's filters and the lifecycle; approvals_claims.cc; approvals_labels.cc). Not part of
// the service's contract; nothing outside src/app/approvals*.cc includes this.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "app/approvals.h"
#include "app/registry_internal.h"
#include "app/transparency_log.h"
#include "domain/approval.h"
#include "formats/approval_json.h"
#include "store/store.h"

namespace helsekrav::app::approvals_internal {

inline constexpr char kApprovalKind[] = "approval";
inline constexpr char kClaimKind[] = "certificate";
inline constexpr char kLabelRecordKind[] = "label_record";
inline constexpr char kExpiryWarningKind[] = "expiry_warning";

// The supplier organisation an approval concerns: the subject itself for supplier schemes, the
// owner of the product for a product version. "" when the register does not know the subject.
std::string SupplierOf(const RegistryView& registry, const domain::Approval& approval);

// Signs `payload` (adding "issued_at" as RFC 3339 of `now`) and queues its leaf in `writes`
// under `subject`, so the statement is committed with the change it describes.
Status AddStatement(TransparencyLog& log, nlohmann::json payload, const std::string& subject,
                    std::int64_t now, internal::WriteSet& writes);

// The ordered JSON of formats/ as the plain JSON statements are made of.
nlohmann::json Plain(const formats::Json& json);

}  // namespace helsekrav::app::approvals_internal
