// GET /api/v1/guide — the veiviser «Hva gjelder for meg?» as JSON, CSV or XLSX.
#include "domain/guide.h"

#include "formats/catalog_json.h"
#include "formats/guide_export.h"
#include "http/api/api_common.h"
#include "http/api/handlers.h"

namespace helsekrav::http::api {
namespace {

using domain::GuideAnswer;
using domain::GuideQuestion;

constexpr int kDefaultHorizon = 3;
constexpr int kMaxHorizon = 10;
constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

template <typename T>
std::vector<std::string> AllKeys(const std::vector<T>& items) {
  std::vector<std::string> keys;
  for (const auto& item : items) keys.push_back(item.key);
  return keys;
}

std::string OrganisationName(const app::Snapshot& s, const std::string& key) {
  const domain::Organisation* o = s.FindOrganisation(key);
  return o != nullptr ? o->name : key;
}

Json Links(const std::string& resource, const std::string& page, const std::string& key) {
  Json links;
  links["self"] = "/api/v1/" + resource + "/" + PercentEncode(key);
  links["html"] = page + PercentEncode(key);
  return links;
}

Json QuestionJson(const GuideQuestion& q) {
  Json j;
  j["role"] = q.role == domain::GuideRole::kBuyer ? "buyer" : "supplier";
  j["category"] = q.category;
  j["actor_type"] = q.actor_type ? Json(domain::Code(*q.actor_type)) : Json(nullptr);
  j["integrations"] = q.integrations;
  j["at"] = q.at.ToIso();
  j["horizon"] = q.horizon_years;
  j["until"] = q.at.AddYears(q.horizon_years).ToIso();
  return j;
}

Json ItemJson(const domain::GuideItem& item) {
  const domain::RequirementVersion& v = *item.version;
  Json j;
  j["key"] = item.requirement->key;
  j["version"] = v.version;
  j["title"] = v.title;
  j["obligation"] = domain::Code(item.obligation);
  j["requirement_obligation"] = domain::Code(v.obligation);
  j["binds_in_norway"] = item.binds_in_norway;
  j["eea"] = v.eea ? formats::ToJson(*v.eea) : Json(nullptr);
  j["legal_basis"] = v.legal_basis.empty() ? Json(nullptr) : Json(v.legal_basis);
  j["owner"] = v.owner;
  Json methods = Json::array();
  for (auto m : v.verification_methods) methods.push_back(domain::Code(m));
  j["verification_methods"] = std::move(methods);
  j["valid_from"] = v.valid_from.ToIso();
  j["valid_to"] = v.valid_to ? Json(v.valid_to->ToIso()) : Json(nullptr);
  j["approval_schemes"] = v.approval_schemes;
  j["profiles"] = item.profiles;
  j["links"] = Links("requirements", "/krav/", item.requirement->key);
  return j;
}

Json AnswerJson(const app::Snapshot& s, const GuideQuestion& q, const GuideAnswer& a) {
  Json j;
  j["question"] = QuestionJson(q);
  j["total"] = a.total;
  Json groups = Json::array();
  for (const domain::GuideGroup& g : a.groups) {
    Json group;
    group["area"] = domain::Code(g.area);
    group["area_label"] = domain::Label(g.area);
    group["obligation"] = domain::Code(g.obligation);
    group["obligation_label"] = domain::Label(g.obligation);
    Json items = Json::array();
    for (const domain::GuideItem& item : g.items) items.push_back(ItemJson(item));
    group["items"] = std::move(items);
    groups.push_back(std::move(group));
  }
  j["groups"] = std::move(groups);
  Json approvals = Json::array();
  for (const domain::GuideApproval& ap : a.approvals) {
    const domain::ApprovalScheme& scheme = *ap.scheme;
    Json item;
    item["key"] = scheme.key;
    item["name"] = scheme.name;
    item["owner"] = scheme.owner;
    item["owner_name"] = OrganisationName(s, scheme.owner);
    item["subject"] = domain::Code(scheme.subject);
    item["validity_months"] =
        scheme.validity_months ? Json(*scheme.validity_months) : Json(nullptr);
    item["requirements"] = ap.requirements;
    item["links"] = Links("approval-schemes", "/godkjenningsordninger/", scheme.key);
    approvals.push_back(std::move(item));
  }
  j["approvals"] = std::move(approvals);
  Json ahead = Json::array();
  for (const domain::GuideChange& c : a.ahead) {
    const domain::RequirementVersion& shown = c.after != nullptr ? *c.after : *c.before;
    Json item;
    item["date"] = c.date.ToIso();
    item["key"] = c.requirement->key;
    item["title"] = shown.title;
    item["change"] = c.before == nullptr ? "starts" : c.after == nullptr ? "ends" : "changes";
    item["from_version"] = c.before != nullptr ? Json(c.before->version) : Json(nullptr);
    item["to_version"] = c.after != nullptr ? Json(c.after->version) : Json(nullptr);
    item["obligation"] = domain::Code(c.obligation);
    item["change_note"] = c.after != nullptr ? Json(c.after->change_note) : Json(nullptr);
    ahead.push_back(std::move(item));
  }
  j["ahead"] = std::move(ahead);
  Json profiles = Json::array();
  for (const domain::Profile* p : a.profiles) profiles.push_back(p->key);
  j["profiles"] = std::move(profiles);
  return j;
}

Response Download(std::string content_type, std::string body, const std::string& filename) {
  Response r = Response::Text(200, std::move(content_type), std::move(body));
  r.etag = StrongEtag(*r.body);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

}  // namespace

Response HandleGuide(const Request& request, const app::Snapshot& s, const Segments& rest) {
  if (!rest.empty()) return NotFound("Ressursen", request.target);
  QueryParams params(request,
                     {"role", "category", "actor_type", "integration", "at", "horizon", "format"});
  GuideQuestion q;
  std::string role = params.String("role");
  if (role == "supplier") {
    q.role = domain::GuideRole::kSupplier;
  } else if (!role.empty() && role != "buyer") {
    params.Reject("role", "Ukjent rolle «" + role + "»", {"buyer", "supplier"});
  }
  std::vector<std::string> categories = AllKeys(s.catalog().categories);
  std::vector<std::string> category = params.Keys("category", categories, "kategori");
  if (params.String("category").empty()) {
    params.Reject("category", "Mangler produktkategori", categories);
  } else if (category.size() > 1) {
    params.Reject("category", "Oppgi én produktkategori");
  } else if (category.size() == 1) {
    q.category = category[0];
  }
  auto actor_types = params.Enums<domain::ActorType>("actor_type");
  if (actor_types.size() > 1) params.Reject("actor_type", "Oppgi én aktørtype");
  if (actor_types.size() == 1) q.actor_type = actor_types[0];
  q.integrations =
      params.Keys("integration", AllKeys(s.catalog().national_solutions), "nasjonal løsning");
  q.at = params.DateOr("at", s.today());
  q.horizon_years = params.Int("horizon", kDefaultHorizon, 1, kMaxHorizon);
  std::string format = params.String("format");
  if (!format.empty() && format != "json" && format != "csv" && format != "xlsx") {
    params.Reject("format", "Ukjent format «" + format + "»", {"json", "csv", "xlsx"});
  }
  if (!params.ok()) return params.Error();

  Result<GuideAnswer> answer = domain::AnswerGuide(s.catalog(), s.tree(), q);
  if (!answer.ok()) return ProblemFromStatus(answer.status(), request.target);
  if (format == "csv") {
    return Download("text/csv; charset=utf-8", formats::GuideCsv(s.catalog(), q, *answer),
                    "hva-gjelder.csv");
  }
  if (format == "xlsx") {
    Result<std::string> bytes = formats::GuideXlsx(s.catalog(), q, *answer);
    if (!bytes.ok()) return ProblemFromStatus(bytes.status(), request.target);
    return Download(kXlsxType, std::move(*bytes), "hva-gjelder.xlsx");
  }
  return JsonOk(AnswerJson(s, q, *answer));
}

}  // namespace helsekrav::http::api
