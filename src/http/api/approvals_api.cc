// The JSON API of approvals, certificate claims and labels (approvals_api.h). Every mutation
// passes RequireWriter() first (401 without a token, 403 for a read-only token); app/ then
// checks that the token's organisation may do it.
#include "http/api/approvals_api.h"

#include <algorithm>
#include <set>

#include "app/approvals.h"
#include "app/transparency_log.h"
#include "formats/approval_json.h"
#include "http/api/api_common.h"
#include "http/api/registry_common.h"

namespace helsekrav::http::api {
namespace {

using domain::Approval;
using domain::ApprovalAction;

constexpr int kMaxExpiringDays = 3650;

Response Unavailable(const Request& request) {
  return StatusProblem(Status::Unavailable("Godkjenninger er ikke slått på i denne tjenesten."),
                       request);
}

// Invalid naming the first member of `body` not in `allowed`.
Status OnlyFields(const Json& body, std::initializer_list<const char*> allowed) {
  for (const auto& item : body.items()) {
    if (std::none_of(allowed.begin(), allowed.end(),
                     [&](const char* name) { return item.key() == name; })) {
      return Status::Invalid(item.key(), "Ukjent felt");
    }
  }
  return Status::Ok();
}

Json OrgRef(const ApiContext& c, const std::string& org_id) {
  const domain::OrgAccount* org = c.registry.FindOrg(org_id);
  if (org == nullptr) return Json{{"id", org_id}};
  return Json{{"id", org->id}, {"orgnr", org->orgnr}, {"name", org->name}};
}

Json SubjectRef(const ApiContext& c, const Approval& a) {
  if (a.subject_kind == domain::ApprovalSubject::kSupplier) {
    Json j = OrgRef(c, a.subject_id);
    j["kind"] = "supplier";
    return j;
  }
  Json j{{"kind", "product_version"}, {"id", a.subject_id}};
  const domain::ProductVersion* v = c.registry.FindVersion(a.subject_id);
  const domain::Product* p = v == nullptr ? nullptr : c.registry.FindProduct(v->product_id);
  if (p != nullptr) {
    j["version"] = v->version;
    j["product"] = {
        {"id", p->id}, {"name", p->name}, {"links", {{"self", "/api/v1/products/" + p->id}}}};
    j["supplier"] = OrgRef(c, p->org_id);
  }
  return j;
}

Json ApprovalJson(const ApiContext& c, const Approval& a) {
  Json j = formats::PublicJson(a);
  j["effective_status"] = std::string(Code(domain::EffectiveStatus(a, c.services.clock.Today())));
  if (const domain::ApprovalScheme* scheme = c.catalog.FindScheme(a.scheme)) {
    j["scheme_name"] = scheme->name;
  }
  j["issuer"] = OrgRef(c, a.issuer_org_id);
  j["subject"] = SubjectRef(c, a);
  j["links"] = {{"self", "/api/v1/approvals/" + a.id},
                {"scheme", "/api/v1/approval-schemes/" + a.scheme}};
  return j;
}

Response ListApprovals(const ApiContext& c, const app::ApprovalView& view) {
  QueryParams params(c.request, WithPageParams({"scheme", "issuer", "status", "supplier", "product",
                                                "category", "expiring_within_days"}));
  app::ApprovalQuery query;
  query.today = c.services.clock.Today();
  query.scheme = params.String("scheme");
  query.issuer = params.String("issuer");
  std::vector<domain::ApprovalStatus> status = params.Enums<domain::ApprovalStatus>("status");
  if (status.size() > 1) params.Reject("status", "Oppgi én status");
  if (!status.empty()) query.status = status.front();
  query.supplier = SupplierParam(c, params);
  query.product = params.String("product");
  query.category = params.String("category");
  if (!query.category.empty() && c.catalog.FindCategory(query.category) == nullptr) {
    params.Reject("category", "Ukjent kategori «" + query.category + "»");
  }
  if (!params.String("expiring_within_days").empty()) {
    query.expiring_within_days = params.Int("expiring_within_days", 0, 1, kMaxExpiringDays);
  }
  Page page = ReadPage(params);
  if (!params.ok()) return params.Error();
  std::vector<const Approval*> hits = app::FindApprovals(view, c.registry, c.catalog, query);
  return PageResponse(c.request, page, hits, [&](const Approval& a) { return ApprovalJson(c, a); });
}

Response GetApproval(const ApiContext& c, const app::ApprovalView& view, const std::string& id) {
  if (auto bad = RejectQuery(c.request)) return *bad;
  const Approval* a = view.FindApproval(id);
  if (a == nullptr) return NotFoundIn("Godkjenningen «" + id + "»", c.request);
  Json j = ApprovalJson(c, *a);
  if (c.services.log != nullptr) {
    auto entries = c.services.log->EntriesFor(a->id);
    if (!entries.ok()) return StatusProblem(entries.status(), c.request);
    Json indices = Json::array();
    for (const app::LogEntry& e : *entries) indices.push_back(e.index);
    j["log_entries"] = std::move(indices);
  }
  return JsonOk(j);
}

// The body of POST /approvals as an ApprovalRequest; field errors name the body's fields.
Result<app::ApprovalRequest> ReadApprovalRequest(const Json& body) {
  HK_RETURN_IF_ERROR(OnlyFields(body, {"scheme", "subject_id", "valid_from", "valid_to",
                                       "conditions", "covered_requirements", "evidence"}));
  // The approval document's reader checks types and evidence; an absent valid_to stands for
  // the scheme's validity, so a placeholder is read and dropped.
  Json copy = body;
  bool has_valid_to = copy.contains("valid_to") && !copy["valid_to"].is_null();
  if (!has_valid_to) copy["valid_to"] = copy.value("valid_from", Json());
  auto parsed = formats::ApprovalFromJson(copy);
  if (!parsed.ok()) return parsed.status();
  app::ApprovalRequest request;
  request.scheme = parsed->scheme;
  request.subject_id = parsed->subject_id;
  request.valid_from = parsed->valid_from;
  if (has_valid_to) request.valid_to = parsed->valid_to;
  request.conditions = parsed->conditions;
  request.covered_requirements = parsed->covered_requirements;
  request.evidence = parsed->evidence;
  return request;
}

Response IssueApproval(const ApiContext& c, app::ApprovalService& service) {
  if (auto denied = RequireWriter(c)) return *denied;
  Json body;
  if (auto bad = ReadJsonObject(c.request, body)) return *bad;
  auto request = ReadApprovalRequest(body);
  if (!request.ok()) return StatusProblem(request.status(), c.request);
  auto issued = service.Issue(c.principal->actor, *request);
  if (!issued.ok()) return StatusProblem(issued.status(), c.request);
  return Created(ApprovalJson(c, *issued), "/api/v1/approvals/" + issued->id);
}

Response ActOnApproval(const ApiContext& c, app::ApprovalService& service, const std::string& id,
                       ApprovalAction action) {
  if (auto denied = RequireWriter(c)) return *denied;
  Json body;
  if (auto bad = ReadJsonObject(c.request, body)) return *bad;
  if (Status st = OnlyFields(body, {"reason", "valid_to"}); !st.ok()) {
    return StatusProblem(st, c.request);
  }
  std::string reason;
  if (body.contains("reason") && !body["reason"].is_null()) {
    if (!body["reason"].is_string()) {
      return StatusProblem(Status::Invalid("reason", "Må være tekst"), c.request);
    }
    reason = body["reason"].get<std::string>();
  }
  std::optional<Date> valid_to;
  if (body.contains("valid_to") && !body["valid_to"].is_null()) {
    if (body["valid_to"].is_string()) valid_to = Date::Parse(body["valid_to"].get<std::string>());
    if (!valid_to) {
      return StatusProblem(Status::Invalid("valid_to", "Oppgi datoen på formen ÅÅÅÅ-MM-DD"),
                           c.request);
    }
  }
  auto changed = service.Act(c.principal->actor, id, action, reason, valid_to);
  if (!changed.ok()) {
    if (changed.status().code() == StatusCode::kNotFound) {
      return NotFoundIn("Godkjenningen «" + id + "»", c.request);
    }
    return StatusProblem(changed.status(), c.request);
  }
  return MutationOk(ApprovalJson(c, *changed));
}

std::optional<ApprovalAction> ActionOf(const std::string& segment) {
  if (segment == "renew") return ApprovalAction::kRenew;
  if (segment == "suspend") return ApprovalAction::kSuspend;
  if (segment == "reinstate") return ApprovalAction::kReinstate;
  if (segment == "revoke") return ApprovalAction::kRevoke;
  return std::nullopt;
}

Response Approvals(const ApiContext& c, const Segments& s, app::ApprovalService& service) {
  auto view = service.view();
  if (s.size() == 1) {
    return Serve(c, {{"GET", [&] { return ListApprovals(c, *view); }},
                     {"POST", [&] { return IssueApproval(c, service); }}});
  }
  if (s.size() == 2) return Serve(c, {{"GET", [&] { return GetApproval(c, *view, s[1]); }}});
  std::optional<ApprovalAction> action = ActionOf(s[2]);
  if (s.size() > 3 || !action) return NotFoundIn("Ressursen", c.request);
  return Serve(c, {{"POST", [&] { return ActOnApproval(c, service, s[1], *action); }}});
}

// ---- Certificate claims ------------------------------------------------------------------------

Json ClaimJson(const ApiContext& c, const domain::CertificateClaim& claim) {
  Json j = formats::ToJson(claim);
  j["holder"] = OrgRef(c, claim.org_id);
  if (!claim.confirmed_by_org.empty()) j["confirmed_by"] = OrgRef(c, claim.confirmed_by_org);
  j["links"] = {{"self", "/api/v1/certificates/" + claim.id}};
  return j;
}

Response ListClaims(const ApiContext& c, const app::ApprovalView& view) {
  QueryParams params(c.request, WithPageParams({"org"}));
  std::string org = params.String("org");
  std::string org_id;
  if (!org.empty()) {
    const domain::OrgAccount* found = c.registry.FindOrgByOrgnr(org);
    if (found == nullptr) found = c.registry.FindOrg(org);
    if (found == nullptr || !OrgVisible(c, found->id)) {
      params.Reject("org", "Ingen registrert organisasjon har organisasjonsnummer «" + org + "»");
    } else {
      org_id = found->id;
    }
  }
  Page page = ReadPage(params);
  if (!params.ok()) return params.Error();
  std::vector<const domain::CertificateClaim*> hits;
  bool private_rows = false;
  for (const domain::CertificateClaim& claim : view.claims()) {
    if (!org_id.empty() && claim.org_id != org_id) continue;
    if (!OrgVisible(c, claim.org_id)) continue;
    private_rows = private_rows || !OrgApproved(c, claim.org_id);
    hits.push_back(&claim);
  }
  Response r = PageResponse(c.request, page, hits, [&](const domain::CertificateClaim& claim) {
    return ClaimJson(c, claim);
  });
  if (private_rows) r.cache_control = kPrivateCache;
  return r;
}

Response GetClaim(const ApiContext& c, const app::ApprovalView& view, const std::string& id) {
  if (auto bad = RejectQuery(c.request)) return *bad;
  const domain::CertificateClaim* claim = view.FindClaim(id);
  if (claim == nullptr || !OrgVisible(c, claim->org_id)) {
    return NotFoundIn("Sertifikatet «" + id + "»", c.request);
  }
  return ReadResponse(c, ClaimJson(c, *claim), claim->org_id);
}

Response RegisterClaim(const ApiContext& c, app::ApprovalService& service) {
  if (auto denied = RequireWriter(c)) return *denied;
  Json body;
  if (auto bad = ReadJsonObject(c.request, body)) return *bad;
  if (Status st = OnlyFields(body, {"org_id", "product_version_id", "kind", "reference",
                                    "issuer_name", "valid_from", "valid_to", "evidence"});
      !st.ok()) {
    return StatusProblem(st, c.request);
  }
  auto claim = formats::CertificateClaimFromJson(body);
  if (!claim.ok()) return StatusProblem(claim.status(), c.request);
  auto registered = service.RegisterClaim(c.principal->actor, std::move(*claim));
  if (!registered.ok()) return StatusProblem(registered.status(), c.request);
  return Created(ClaimJson(c, *registered), "/api/v1/certificates/" + registered->id);
}

Response ConfirmClaim(const ApiContext& c, app::ApprovalService& service, const std::string& id) {
  if (auto denied = RequireWriter(c)) return *denied;
  auto confirmed = service.ConfirmClaim(c.principal->actor, id);
  if (!confirmed.ok()) {
    if (confirmed.status().code() == StatusCode::kNotFound) {
      return NotFoundIn("Sertifikatet «" + id + "»", c.request);
    }
    return StatusProblem(confirmed.status(), c.request);
  }
  return MutationOk(ClaimJson(c, *confirmed));
}

Response WithdrawClaim(const ApiContext& c, app::ApprovalService& service, const std::string& id) {
  if (auto denied = RequireWriter(c)) return *denied;
  Status st = service.WithdrawClaim(c.principal->actor, id);
  if (st.code() == StatusCode::kNotFound) {
    return NotFoundIn("Sertifikatet «" + id + "»", c.request);
  }
  if (!st.ok()) return StatusProblem(st, c.request);
  return NoContent();
}

Response Certificates(const ApiContext& c, const Segments& s, app::ApprovalService& service) {
  auto view = service.view();
  if (s.size() == 1) {
    return Serve(c, {{"GET", [&] { return ListClaims(c, *view); }},
                     {"POST", [&] { return RegisterClaim(c, service); }}});
  }
  if (s.size() == 2) {
    return Serve(c, {{"GET", [&] { return GetClaim(c, *view, s[1]); }},
                     {"DELETE", [&] { return WithdrawClaim(c, service, s[1]); }}});
  }
  if (s.size() > 3 || s[2] != "confirm") return NotFoundIn("Ressursen", c.request);
  return Serve(c, {{"POST", [&] { return ConfirmClaim(c, service, s[1]); }}});
}

// ---- Labels ----------------------------------------------------------------------------------

Json LabelJson(const domain::ComplianceLabel& label) {
  Json j = formats::ToJson(label);
  j["links"] = {
      {"self", "/api/v1/product-versions/" + label.product_version_id + "/labels/" + label.profile},
      {"profile", "/api/v1/profiles/" + label.profile}};
  return j;
}

Response Labels(const ApiContext& c, const Segments& s, app::ApprovalService& service) {
  if (s.size() < 3 || s.size() > 4 || s[2] != "labels") return NotFoundIn("Ressursen", c.request);
  return Serve(c, {{"GET", [&] {
                      if (auto bad = RejectQuery(c.request)) return *bad;
                      const domain::ProductVersion* v = c.registry.FindVersion(s[1]);
                      const domain::Product* p =
                          v == nullptr ? nullptr : c.registry.FindProduct(v->product_id);
                      if (p == nullptr || !OrgVisible(c, p->org_id)) {
                        return NotFoundIn("Produktversjonen «" + s[1] + "»", c.request);
                      }
                      if (s.size() == 3) {
                        Json items = Json::array();
                        for (const auto& label : service.LabelsOf(v->id)) {
                          items.push_back(LabelJson(label));
                        }
                        Response r = JsonOk(Json{{"items", std::move(items)}});
                        if (!OrgApproved(c, p->org_id)) r.cache_control = kPrivateCache;
                        return r;
                      }
                      auto label = service.Label(v->id, s[3]);
                      if (!label.ok()) {
                        return NotFoundIn("Profilen «" + s[3] + "»", c.request);
                      }
                      return ReadResponse(c, LabelJson(*label), p->org_id);
                    }}});
}

}  // namespace

const std::vector<MutationRoute>& ApprovalApiMutations() {
  static const std::vector<MutationRoute> routes = {
      {"POST", "/api/v1/approvals"},
      {"POST", "/api/v1/approvals/{approval}/renew"},
      {"POST", "/api/v1/approvals/{approval}/suspend"},
      {"POST", "/api/v1/approvals/{approval}/reinstate"},
      {"POST", "/api/v1/approvals/{approval}/revoke"},
      {"POST", "/api/v1/certificates"},
      {"POST", "/api/v1/certificates/{certificate}/confirm"},
      {"DELETE", "/api/v1/certificates/{certificate}"},
  };
  return routes;
}

bool IsApprovalResource(const std::string& resource) {
  return resource == "approvals" || resource == "certificates" || resource == "product-versions";
}

Response HandleApprovalApi(const ApiContext& context, const std::vector<std::string>& segments) {
  if (context.services.approvals == nullptr) return Unavailable(context.request);
  app::ApprovalService& service = *context.services.approvals;
  const std::string& resource = segments.front();
  if (resource == "approvals") return Approvals(context, segments, service);
  if (resource == "certificates") return Certificates(context, segments, service);
  if (segments.size() >= 2) return Labels(context, segments, service);
  return NotFoundIn("Ressursen", context.request);
}

}  // namespace helsekrav::http::api
