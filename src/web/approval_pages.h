#pragma once
// The approval pages: the public register of approvals (/godkjenninger, /godkjenninger/{id}),
// its Atom feeds (per scheme, supplier and product), the product passport (/pass/{version})
// with the compliance label as SVG and PNG, and the workspaces where approving bodies issue and
// change approvals (/min-side/godkjenninger) and suppliers register certificate claims
// (/min-side/sertifikater). Every write goes through app::ApprovalService, which decides
// permissions; these pages map its errors to responses. When the service is not configured
// (Services::approvals is nullptr) every page answers 503. Thread-safe.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/approvals.h"
#include "domain/approval.h"
#include "http/message.h"
#include "web/layout.h"
#include "web/workspace.h"

namespace helsekrav::web {

// The response for a path these pages serve, or nullopt when the path is not theirs.
std::optional<http::Response> HandleApprovalPages(const WebContext& context);
// Every form post these pages handle, with placeholders ({approval}, {claim}).
const std::vector<FormRoute>& ApprovalFormRoutes();

// ---- Shared by the approval page files (approval_pages.cc, approval_forms.cc,
// certificate_pages.cc, passport_page.cc); not for other callers. ----
namespace approval {

// The approvals at the service's current view; nullptr when the service is not configured.
std::shared_ptr<const app::ApprovalView> ViewOf(const WebContext& context);
// The 503 page for a missing approval service.
http::Response UnavailablePage(const WebContext& context);

std::string ApprovalPath(const std::string& id);
std::string PassportPath(const std::string& version_id);
// The scheme's name, or its key.
std::string SchemeName(const app::Snapshot& s, const std::string& key);
// «Produkt 4.2» or the supplier's name; the id when unknown.
std::string SubjectName(const WebContext& context, const domain::Approval& a);
// The subject linked to its passport (product version) or supplier page.
std::string SubjectLink(const WebContext& context, const domain::Approval& a);
// The effective status (today) as a tag with a text label.
std::string StatusTag(domain::ApprovalStatus status);
// A list of evidence (links, references, files).
std::string EvidenceList(const std::vector<domain::Evidence>& evidence);
// A self-reported claim's tag: «Egenrapportert» or «Bekreftet av …».
std::string ClaimTag(const WebContext& context, const domain::CertificateClaim& claim);

// approval_pages.cc
http::Response ApprovalRegisterPage(const WebContext& context);
http::Response ApprovalPage(const WebContext& context, const std::string& id);
// Feeds: `which` is "scheme", "supplier" or "product"; `key` the scheme key, orgnr or id.
http::Response ApprovalFeed(const WebContext& context, const std::string& which,
                            const std::string& key);
// passport_page.cc
http::Response PassportPage(const WebContext& context, const std::string& version_id);
// /pass/{version}/merke/{profile}.svg or .png (`file` is the last segment).
http::Response LabelImageResponse(const WebContext& context, const std::string& version_id,
                                  const std::string& file);
// approval_forms.cc: /min-side/godkjenninger[/…] (signed in; GET, HEAD or POST).
std::optional<http::Response> HandleWorkspaceApprovals(const WebContext& context,
                                                       const std::vector<std::string>& rest);
// certificate_pages.cc: /min-side/sertifikater[/…].
std::optional<http::Response> HandleWorkspaceCertificates(const WebContext& context,
                                                          const std::vector<std::string>& rest);

}  // namespace approval
}  // namespace helsekrav::web
