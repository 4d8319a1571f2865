// /api/v1/declarations: supplier self-declarations. Anyone reads the public ones (published,
// withdrawn, superseded); a token also sees its organisation's drafts. A declaration is created
// by posting the same YAML or JSON file `helsekrav check` validates offline, so problems come
// back with the file's line and column.
#include <algorithm>
#include <utility>

#include "domain/registry_rules.h"
#include "formats/declaration_file.h"
#include "formats/registry_json.h"
#include "http/api/registry_common.h"

namespace helsekrav::http::api {
namespace {

using domain::DeclarationAction;

Json CoverageJson(const domain::Coverage& coverage) {
  Json j;
  j["mandatory_total"] = coverage.mandatory_total;
  j["mandatory_met"] = coverage.mandatory_met;
  j["mandatory_percent"] = coverage.MandatoryPercent();
  j["recommended_total"] = coverage.recommended_total;
  j["recommended_met"] = coverage.recommended_met;
  j["recommended_percent"] = coverage.RecommendedPercent();
  j["answered"] = coverage.answered;
  j["total"] = coverage.total;
  return j;
}

Json DeclarationJson(const ApiContext& c, const domain::Declaration& declaration) {
  Json j = formats::ToJson(declaration);
  j["coverage"] = CoverageJson(domain::ComputeCoverage(declaration, c.catalog.catalog()));
  j["links"] = {{"self", "/api/v1/declarations/" + declaration.id}};
  if (const domain::ProductVersion* v = c.registry.FindVersion(declaration.product_version_id)) {
    j["links"]["product_version"] = "/api/v1/products/" + v->product_id + "/versions/" + v->id;
  }
  return j;
}

const domain::Declaration* VisibleDeclaration(const ApiContext& c, const std::string& id) {
  const domain::Declaration* d = c.registry.FindDeclaration(id);
  return d != nullptr && DeclarationVisible(c, *d) ? d : nullptr;
}

Response ListDeclarations(const ApiContext& c) {
  QueryParams params(c.request,
                     WithPageParams({"product_version", "profile", "status", "supplier"}));
  std::string version = params.String("product_version");
  std::string profile = params.String("profile");
  std::vector<domain::DeclarationStatus> statuses =
      params.Enums<domain::DeclarationStatus>("status");
  std::string supplier_id = SupplierParam(c, params);
  Page page = ReadPage(params);
  if (!params.ok()) return params.Error();
  std::vector<const domain::Declaration*> hits;
  bool private_rows = false;
  for (const domain::Declaration& d : c.registry.declarations()) {
    if (!DeclarationVisible(c, d)) continue;
    if (!version.empty() && d.product_version_id != version) continue;
    if (!profile.empty() && d.profile != profile) continue;
    if (!supplier_id.empty() && d.org_id != supplier_id) continue;
    if (!statuses.empty() &&
        std::find(statuses.begin(), statuses.end(), d.status) == statuses.end()) {
      continue;
    }
    private_rows = private_rows || !app::IsPublic(d) || !OrgApproved(c, d.org_id);
    hits.push_back(&d);
  }
  Response r = PageResponse(c.request, page, hits, DeclarationSummaryJson);
  if (private_rows || c.principal != nullptr) r.cache_control = kPrivateCache;
  return r;
}

Response GetDeclaration(const ApiContext& c, const std::string& id) {
  if (auto bad = RejectQuery(c.request)) return *bad;
  const domain::Declaration* d = VisibleDeclaration(c, id);
  if (d == nullptr) return NotFoundIn("Erklæringen «" + id + "»", c.request);
  Response r = JsonOk(DeclarationJson(c, *d));
  if (!app::IsPublic(*d) || !OrgApproved(c, d->org_id)) r.cache_control = kPrivateCache;
  return r;
}

Json ProblemParam(const std::string& name, const std::string& reason, int line, int column) {
  Json p = {{"name", name}, {"reason", reason}};
  if (line > 0) {
    p["line"] = line;
    p["column"] = column;
  }
  return p;
}

// A file within the parser's limits can still hold thousands of errors; the first ones are
// enough to start fixing it, and the answer stays smaller than the file.
constexpr std::size_t kMaxReportedProblems = 100;

Response FileProblems(const Request& request, const std::vector<formats::FileProblem>& problems) {
  Json params = Json::array();
  std::size_t errors = 0;
  for (const formats::FileProblem& p : problems) {
    if (p.warning) continue;
    if (++errors <= kMaxReportedProblems) {
      params.push_back(ProblemParam(p.field, p.message, p.line, p.column));
    }
  }
  std::string detail = "Erklæringsfilen har feil. Sjekk den med «helsekrav check FIL».";
  if (errors > kMaxReportedProblems) {
    detail += " De første " + std::to_string(kMaxReportedProblems) + " av " +
              std::to_string(errors) + " feil er vist.";
  }
  return InvalidBody(detail, request, std::move(params));
}

bool HasErrors(const std::vector<formats::FileProblem>& problems) {
  return std::any_of(problems.begin(), problems.end(),
                     [](const formats::FileProblem& p) { return !p.warning; });
}

Response CreateDeclaration(const ApiContext& c) {
  if (auto denied = RequireWriter(c)) return *denied;
  if (auto bad = RejectQuery(c.request)) return *bad;
  std::string type = MediaType(c.request.content_type);
  if (type != "application/json" && type != "application/yaml" && type != "application/x-yaml" &&
      type != "text/yaml") {
    return Problem(415, "unsupported-media-type", "Ukjent innholdstype",
                   "Send erklæringsfilen med Content-Type: application/yaml eller "
                   "application/json.",
                   c.request.target);
  }
  std::vector<formats::FileProblem> problems;
  auto file = formats::ParseDeclarationFile(c.request.body, problems);
  if (!file.ok() || HasErrors(problems)) {
    if (!HasErrors(problems)) return StatusProblem(file.status(), c.request);
    return FileProblems(c.request, problems);
  }
  problems =
      formats::CheckDeclaration(*file, c.catalog.catalog(), c.catalog.today(), file->publish);
  if (HasErrors(problems)) return FileProblems(c.request, problems);

  auto line_of = [&](const std::string& field) {
    auto it = file->positions.find(field);
    return it == file->positions.end() ? std::pair<int, int>{0, 0} : it->second;
  };
  const domain::ProductVersion* version = c.registry.FindVersion(file->product_version_id);
  const domain::Product* product =
      version == nullptr ? nullptr : c.registry.FindProduct(version->product_id);
  if (product == nullptr || !OrgVisible(c, product->org_id)) {
    auto [line, column] = line_of("product_version_id");
    std::string reason = file->product_version_id.empty()
                             ? "Oppgi produktversjonen (id) erklæringen gjelder"
                             : "Ukjent produktversjon «" + file->product_version_id + "»";
    return InvalidBody(reason, c.request,
                       Json::array({ProblemParam("product_version", reason, line, column)}));
  }
  domain::Declaration declaration = file->declaration;
  formats::ResolveVersions(declaration, c.catalog.catalog(), c.catalog.today());
  declaration.id.clear();
  declaration.org_id = product->org_id;
  declaration.product_version_id = version->id;
  auto created =
      c.services.registry.ImportDeclaration(c.principal->actor, declaration, file->publish);
  if (!created.ok()) {
    const Status& st = created.status();
    if (st.code() != StatusCode::kInvalid) return StatusProblem(st, c.request);
    auto [line, column] = line_of(st.field());
    return InvalidBody(st.ToString(), c.request,
                       Json::array({ProblemParam(st.field(), st.message(), line, column)}));
  }
  return Created(DeclarationJson(c, *created), "/api/v1/declarations/" + created->id);
}

// The gate every change of declaration `id` passes: a writer's token, a declaration the caller
// can see (`d`), and a JSON object body (`body`). The problem when one is missing, else nullopt.
std::optional<Response> BeginWrite(const ApiContext& c, const std::string& id,
                                   const domain::Declaration*& d, Json& body) {
  if (auto denied = RequireWriter(c)) return denied;
  d = VisibleDeclaration(c, id);
  if (d == nullptr) return NotFoundIn("Erklæringen «" + id + "»", c.request);
  return ReadJsonObject(c.request, body);
}

Response SaveAnswers(const ApiContext& c, const std::string& id) {
  const domain::Declaration* d = nullptr;
  Json body;
  if (auto refused = BeginWrite(c, id, d, body)) return *refused;
  app::AnswersUpdate update;
  for (const auto& [name, value] : body.items()) {
    if (name == "answers") {
      if (!value.is_array()) {
        return StatusProblem(Status::Invalid("answers", "Må være en liste"), c.request);
      }
      for (std::size_t i = 0; i < value.size(); ++i) {
        auto answer = formats::AnswerFromJson(value[i], "answers[" + std::to_string(i) + "]");
        if (!answer.ok()) return StatusProblem(answer.status(), c.request);
        update.answers.push_back(std::move(*answer));
      }
    } else if (name == "expected_updated_at") {
      if (!value.is_number_integer() || value.get<std::int64_t>() < 0) {
        return StatusProblem(
            Status::Invalid("expected_updated_at", "Må være et heltall (Unix-sekunder)"),
            c.request);
      }
      update.expected_updated_at = value.get<std::int64_t>();
    } else {
      return StatusProblem(Status::Invalid(name, "Ukjent felt"), c.request);
    }
  }
  if (!body.contains("answers")) {
    return StatusProblem(Status::Invalid("answers", "Mangler"), c.request);
  }
  auto saved = c.services.registry.SaveAnswers(c.principal->actor, d->id, update);
  if (!saved.ok()) return StatusProblem(saved.status(), c.request);
  return MutationOk(DeclarationJson(c, *saved));
}

Response Transition(const ApiContext& c, const std::string& id, DeclarationAction action) {
  const domain::Declaration* d = nullptr;
  Json body;
  if (auto refused = BeginWrite(c, id, d, body)) return *refused;
  if (!body.empty()) {
    return StatusProblem(Status::Invalid(body.begin().key(), "Ukjent felt"), c.request);
  }
  auto changed = c.services.registry.Transition(c.principal->actor, d->id, action);
  if (!changed.ok()) {
    // A transition that is not allowed from the current status is a conflict with the
    // resource's state, not a bad body.
    if (changed.status().code() == StatusCode::kInvalid && changed.status().field() == "status") {
      return StatusProblem(Status::Conflict(changed.status().message()), c.request);
    }
    return StatusProblem(changed.status(), c.request);
  }
  return MutationOk(DeclarationJson(c, *changed));
}

std::optional<DeclarationAction> ActionOf(const std::string& segment) {
  if (segment == "submit") return DeclarationAction::kSubmit;
  if (segment == "publish") return DeclarationAction::kPublish;
  if (segment == "withdraw") return DeclarationAction::kWithdraw;
  if (segment == "return-to-draft") return DeclarationAction::kReturnToDraft;
  return std::nullopt;
}

}  // namespace

Response HandleDeclarations(const ApiContext& c, const Segments& s) {
  if (s.size() == 1) {
    return Serve(c, {{"GET", [&] { return ListDeclarations(c); }},
                     {"POST", [&] { return CreateDeclaration(c); }}});
  }
  if (s.size() == 2) return Serve(c, {{"GET", [&] { return GetDeclaration(c, s[1]); }}});
  if (s.size() == 3 && s[2] == "answers") {
    return Serve(c, {{"PUT", [&] { return SaveAnswers(c, s[1]); }}});
  }
  if (s.size() == 3) {
    if (auto action = ActionOf(s[2])) {
      return Serve(c, {{"POST", [&] { return Transition(c, s[1], *action); }}});
    }
  }
  return NotFoundIn("Ressursen", c.request);
}

}  // namespace helsekrav::http::api
