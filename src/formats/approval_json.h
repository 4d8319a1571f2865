#pragma once
// JSON of approvals, certificate claims and compliance labels: the documents stored in the
// entity table (store.h Entity::doc, kinds "approval" and "certificate") and the bodies of the
// JSON API. One shape serves both. Parsing rejects unknown fields and names the field in
// errors, like formats/registry_json.h. Thread-safe.

#include <string>

#include "core/status.h"
#include "domain/approval.h"
#include "domain/label.h"
#include "formats/registry_json.h"

namespace helsekrav::formats {

Json ToJson(const domain::ApprovalTransition& transition);
Json ToJson(const domain::Approval& approval);
// What the public sees of an approval (the API, signed statements): ToJson without the users
// behind each step, since the issuing organisation answers for it and the log is permanent.
Json PublicJson(const domain::Approval& approval);
Json ToJson(const domain::CertificateClaim& claim);  // with "self_reported"
Json ToJson(const domain::LabelItem& item);
Json ToJson(const domain::ComplianceLabel& label);

// `path` prefixes error fields ("approval.history[2].action").
Result<domain::ApprovalTransition> ApprovalTransitionFromJson(const Json& json,
                                                              const std::string& path = "");
Result<domain::Approval> ApprovalFromJson(const Json& json, const std::string& path = "");
// "self_reported" is accepted and ignored (it is derived from confirmed_by_org).
Result<domain::CertificateClaim> CertificateClaimFromJson(const Json& json,
                                                          const std::string& path = "");
Result<domain::LabelItem> LabelItemFromJson(const Json& json, const std::string& path = "");
Result<domain::ComplianceLabel> ComplianceLabelFromJson(const Json& json,
                                                        const std::string& path = "");

// Stored documents (see registry_json.h FromDoc); defined in approval_json.cc.
template <>
Result<domain::Approval> FromDoc<domain::Approval>(const std::string& doc);
template <>
Result<domain::CertificateClaim> FromDoc<domain::CertificateClaim>(const std::string& doc);

}  // namespace helsekrav::formats
