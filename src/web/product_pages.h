#pragma once
// The product register's pages: the public register (/losninger, /leverandorer,
// /erklaeringer, /bevis) and the supplier and buyer workspaces (/min-side/losninger,
// /min-side/erklaeringer, /min-side/i-bruk). Every write goes through app::RegistryService,
// which decides permissions; these pages only map its errors to responses. Public pages show
// only approved suppliers' data and only public declarations (app::IsPublic). Thread-safe.

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/registry.h"
#include "http/form.h"
#include "http/message.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/workspace.h"

namespace helsekrav::web {

// The response for a path these pages serve, or nullopt when the path (and method) is not
// theirs. Unknown ids give a 404 page.
std::optional<http::Response> HandleProductPages(const WebContext& context);
// Every form post these pages handle, with placeholders ({product}, {version}, …).
const std::vector<FormRoute>& ProductFormRoutes();

// ---- Shared by the product page files (product_*.cc, supplier_pages.cc,
// declaration_pages.cc); not for other callers. The workspace frame, sign-in redirect, error
// page and form reading they share with the account pages are in workspace_common.h. ----
namespace product {

// The acting principal's actor, or an anonymous one.
domain::Actor ActorOf(const WebContext& context);
// A page frame with breadcrumbs from «Forside»; last changed is the catalog's today.
PageContext Frame(const WebContext& context, const std::string& title,
                  std::vector<Breadcrumb> trail);
// A 404 page for a register record.
http::Response MissingPage(const WebContext& context, const std::string& what);

// `text` without leading and trailing ASCII whitespace.
std::string Trim(const std::string& text);
// "date" for an empty or valid ISO date, else "text" (so a rejected value can be shown again
// without making the page invalid HTML).
std::string DateInputType(const std::string& value);

// Whether an organisation is an approved supplier (its products are public).
bool IsPublicSupplier(const app::RegistryView& view, const std::string& org_id);
std::string OrgName(const app::RegistryView& view, const std::string& org_id);
// «Produkt 4.2» for a version.
std::string VersionName(const app::RegistryView& view, const domain::ProductVersion& version);
// The municipality's name from the catalog by kommunenummer, or the number.
std::string MunicipalityName(const app::Snapshot& s, const std::string& number);
// Name of a profile (its version in force today), or the key.
std::string ProfileName(const app::Snapshot& s, const std::string& key);

std::string StatusTag(domain::DeclarationStatus status);
std::string AnswerTag(domain::Answer answer);
// «X % av obligatoriske krav oppfylt, Y % av anbefalte».
std::string CoverageText(const domain::Declaration& declaration, const app::Snapshot& s);
// «22. november 2026» for a Unix timestamp; "" for 0.
std::string TimestampDate(domain::Timestamp at);

// The start of a scrollable table (class `table_class`) with one column per heading (plain
// text, not escaped), up to and including <tbody>; kTableEnd closes it.
std::string TableStart(std::initializer_list<const char*> headings,
                       const char* table_class = "ds-table");
inline constexpr char kTableEnd[] = "</tbody>\n</table></div>\n";

// Options of the category tree, indented by depth, in tree order.
std::vector<Option> CategoryOptions(const app::Snapshot& s);
std::vector<Option> SolutionOptions(const app::Snapshot& s);

// Markdown written by a user (a supplier's description, an approval's conditions), its headings
// moved down two levels (h1 → h3, …, at most h6) so they sit under the page's own h2.
std::string SupplierMarkdown(const std::string& text);

// «Produkt 4.2 – Kravprofil» for a declaration.
std::string DeclarationTitle(const WebContext& context, const domain::Declaration& d);
// The declaration's answers per requirement area, read-only (public page and workspace).
std::string AnswersHtml(const WebContext& context, const domain::Declaration& d);

// ---- The handlers, one group per file ----
// product_pages.cc
http::Response ProductListPage(const WebContext& context);
http::Response ProductPage(const WebContext& context, const std::string& id);
// The HandleWorkspace* handlers serve /min-side/<section>/<rest…> for GET, HEAD and POST by a
// signed-in principal (HandleProductPages checks both first).
// supplier_pages.cc
http::Response SupplierPage(const WebContext& context, const std::string& orgnr);
// /leverandorer/{orgnr}/varsler.atom: published declarations that must be reviewed because a
// requirement they answered got a new version (review_feed.cc).
http::Response SupplierReviewFeed(const WebContext& context, const std::string& orgnr);
std::optional<http::Response> HandleWorkspaceProducts(const WebContext& context,
                                                      const std::vector<std::string>& rest);
// declaration_pages.cc / declaration_form.cc
http::Response DeclarationWorkspace(const WebContext& context, const domain::Declaration& d);
http::Response DeclarationPage(const WebContext& context, const std::string& id);
http::Response EvidenceDownload(const WebContext& context, const std::string& id);
std::optional<http::Response> HandleWorkspaceDeclarations(const WebContext& context,
                                                          const std::vector<std::string>& rest);
// product_deployments.cc
std::optional<http::Response> HandleWorkspaceDeployments(const WebContext& context,
                                                         const std::vector<std::string>& rest);

}  // namespace product
}  // namespace helsekrav::web
