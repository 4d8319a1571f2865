#include "formats/declaration_file.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "domain/catalog_rules.h"
#include "domain/registry_rules.h"
#include "formats/yaml_tree.h"

namespace helsekrav::formats {

using namespace helsekrav::domain;  // NOLINT(google-build-using-namespace)

namespace {

constexpr const char* kFormat = "helsekrav-declaration/1";

constexpr YamlLimits kDeclarationYamlLimits = {
    .max_bytes = kMaxDeclarationFileBytes,
    .max_depth = kMaxDeclarationDepth,
    .max_nodes = kMaxDeclarationNodes,
    .max_scalar_bytes = kMaxDeclarationScalarBytes,
};

// JSON forbids raw tabs inside strings, so a tab outside a string is indentation that YAML
// would reject; make it a space.
std::string UntabJson(const std::string& text) {
  std::string out = text;
  bool in_string = false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '\t') {
      out[i] = ' ';
    }
  }
  return out;
}

bool LooksLikeJson(const std::string& text) {
  auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return first != std::string::npos && (text[first] == '{' || text[first] == '[');
}

// "answers[2].version" → "version".
std::string LastName(const std::string& field) {
  auto dot = field.rfind('.');
  std::string name = dot == std::string::npos ? field : field.substr(dot + 1);
  return name.substr(0, name.find('['));
}

void SortByPosition(std::vector<FileProblem>& problems) {
  std::stable_sort(problems.begin(), problems.end(), [](const auto& x, const auto& y) {
    return std::tie(x.line, x.column) < std::tie(y.line, y.column);
  });
}

std::pair<int, int> Where(const YamlNode& node) { return {node.line, node.column}; }

// Reads one parsed YAML document into a DeclarationFile, collecting every shape problem.
class Reader {
 public:
  explicit Reader(std::vector<FileProblem>& problems) : problems_(problems) {}

  bool Read(const YamlNode& root, DeclarationFile& out) {
    if (!root.IsMap()) {
      Error(root, "", "Filen må inneholde et objekt med feltene format, profile og answers");
      return false;
    }
    bool has_format = false, has_profile = false, has_answers = false;
    for (const auto& [key, key_node, value] :
         Fields(root, "",
                {"format", "product_version", "profile", "profile_version", "status", "answers"})) {
      if (key == "format") {
        has_format = true;
        std::string format = String(value, "format");
        if (ok_field_ && format != kFormat) {
          Error(value, "format", "Ukjent format «" + format + "» (forventet " + kFormat + ")");
        }
      } else if (key == "product_version") {
        out.product_version_id = String(value, "product_version");
        out.declaration.product_version_id = out.product_version_id;
        Remember(out, "product_version_id", value);
      } else if (key == "profile") {
        has_profile = true;
        out.declaration.profile = String(value, "profile");
        Remember(out, "profile", value);
      } else if (key == "profile_version") {
        out.declaration.profile_version = Int(value, "profile_version");
        Remember(out, "profile_version", value);
      } else if (key == "status") {
        std::string status = String(value, "status");
        if (status == "published") {
          out.publish = true;
        } else if (ok_field_ && status != "draft") {
          Error(value, "status", "status kan være draft eller published, ikke «" + status + "»");
        }
        Remember(out, "status", value);
      } else if (key == "answers") {
        has_answers = true;
        Remember(out, "answers", key_node);
        ReadAnswers(value, out);
      }
    }
    if (!has_format) Error(root, "format", std::string("Mangler «format: ") + kFormat + "»");
    if (!has_profile) Error(root, "profile", "Mangler «profile:» (kravprofilens nøkkel)");
    if (!has_answers) Error(root, "answers", "Mangler «answers:» (listen med svar)");
    return errors_ == 0;
  }

 private:
  void Error(const YamlNode& node, const std::string& field, std::string message) {
    auto [line, column] = Where(node);
    problems_.push_back({line, column, field, std::move(message), false});
    ++errors_;
    ok_field_ = false;
  }

  static void Remember(DeclarationFile& out, const std::string& field, const YamlNode& node) {
    out.positions[field] = Where(node);
  }

  // The (key, value) pairs of a map, reporting unknown and repeated keys.
  struct Field {
    std::string key;
    const YamlNode& key_node;
    const YamlNode& value;
  };
  std::vector<Field> Fields(const YamlNode& map, const std::string& path,
                            std::initializer_list<const char*> known) {
    std::vector<Field> out;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < map.keys.size(); ++i) {
      const YamlNode& key_node = map.keys[i];
      std::string prefix = path.empty() ? "" : path + ".";
      if (!key_node.IsScalar()) {
        Error(key_node, path, "Feltnavnet må være tekst");
        continue;
      }
      const std::string& key = key_node.scalar;
      bool is_known =
          std::any_of(known.begin(), known.end(), [&](const char* k) { return key == k; });
      if (!is_known) {
        std::string allowed;
        for (const char* k : known) allowed += (allowed.empty() ? "" : ", ") + std::string(k);
        Error(key_node, prefix + key, "Ukjent felt «" + key + "» (tillatt: " + allowed + ")");
        continue;
      }
      if (!seen.insert(key).second) {
        Error(key_node, prefix + key, "Feltet «" + key + "» står flere ganger");
        continue;
      }
      out.push_back({key, key_node, map.items[i]});
    }
    return out;
  }

  std::string String(const YamlNode& node, const std::string& field) {
    ok_field_ = true;
    if (node.IsNull()) return "";
    if (!node.IsScalar()) {
      Error(node, field, "«" + LastName(field) + "» må være tekst");
      return "";
    }
    return node.scalar;
  }

  int Int(const YamlNode& node, const std::string& field) {
    ok_field_ = true;
    if (node.IsNull()) return 0;
    std::string text = node.IsScalar() ? node.scalar : "";
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 1) {
      Error(node, field, "«" + LastName(field) + "» må være et positivt heltall");
      return 0;
    }
    return value;
  }

  void ReadAnswers(const YamlNode& list, DeclarationFile& out) {
    if (list.IsNull()) return;
    if (!list.IsSequence()) {
      Error(list, "answers", "«answers» må være en liste");
      return;
    }
    if (list.items.size() > kMaxDeclarationAnswers) {
      Error(list, "answers",
            "Filen har " + std::to_string(list.items.size()) + " svar; høyst " +
                std::to_string(kMaxDeclarationAnswers) + " er tillatt (ett per krav i profilen)");
      return;
    }
    for (std::size_t i = 0; i < list.items.size(); ++i) {
      const YamlNode& item = list.items[i];
      std::string path = "answers[" + std::to_string(i) + "]";
      Remember(out, path, item);
      DeclarationAnswer answer;
      if (!item.IsMap()) {
        Error(item, path, "Hvert svar må være et objekt med requirement og answer");
        out.declaration.answers.push_back(answer);
        continue;
      }
      bool has_requirement = false, has_answer = false;
      for (const auto& [key, key_node, value] :
           Fields(item, path,
                  {"requirement", "version", "answer", "statement", "reason", "evidence"})) {
        std::string field = path + "." + key;
        if (key == "requirement") {
          has_requirement = true;
          answer.requirement = String(value, field);
          Remember(out, field, value);
        } else if (key == "version") {
          answer.requirement_version = Int(value, field);
          Remember(out, path + ".requirement_version", value);
        } else if (key == "answer") {
          has_answer = true;
          std::string code = String(value, field);
          Remember(out, field, value);
          if (auto parsed = Parse<Answer>(code)) {
            answer.answer = *parsed;
          } else if (ok_field_) {
            Error(value, field,
                  "Ukjent svar «" + code +
                      "» (tillatt: meets, partially, does_not_meet, not_applicable)");
          }
        } else if (key == "statement") {
          answer.statement = String(value, field);
          Remember(out, field, value);
        } else if (key == "reason") {
          answer.reason = String(value, field);
          Remember(out, field, value);
        } else if (key == "evidence") {
          ReadEvidence(value, field, answer, out);
        }
      }
      if (!has_requirement) Error(item, path + ".requirement", "Mangler «requirement:»");
      if (!has_answer) Error(item, path + ".answer", "Mangler «answer:»");
      out.declaration.answers.push_back(std::move(answer));
    }
  }

  void ReadEvidence(const YamlNode& list, const std::string& path, DeclarationAnswer& answer,
                    DeclarationFile& out) {
    if (list.IsNull()) return;
    if (!list.IsSequence()) {
      Error(list, path, "«evidence» må være en liste");
      return;
    }
    evidence_count_ += list.items.size();
    if (evidence_count_ > kMaxDeclarationEvidence) {
      // Once: every later list would repeat the same complaint.
      if (!evidence_refused_) {
        Error(list, path,
              "Filen har for mye dokumentasjon; høyst " + std::to_string(kMaxDeclarationEvidence) +
                  " i alt er tillatt");
      }
      evidence_refused_ = true;
      return;
    }
    for (std::size_t j = 0; j < list.items.size(); ++j) {
      const YamlNode& item = list.items[j];
      std::string field = path + "[" + std::to_string(j) + "]";
      Remember(out, field, item);
      auto fields =
          item.IsMap() ? Fields(item, field, {"link", "reference", "file"}) : std::vector<Field>{};
      if (fields.size() != 1) {
        if (!item.IsMap() || item.keys.size() == fields.size()) {
          Error(item, field, "Hver dokumentasjon er én av link:, reference: eller file:");
        }
        continue;
      }
      const auto& [key, key_node_unused, value] = fields[0];
      Evidence e;
      if (key == "link") {
        e.kind = EvidenceKind::kLink;
        e.url = String(value, field + ".url");
        Remember(out, field + ".url", value);
      } else if (key == "reference") {
        e.kind = EvidenceKind::kReference;
        e.reference = String(value, field + ".reference");
        Remember(out, field + ".reference", value);
      } else {
        e.kind = EvidenceKind::kFile;
        e.file_id = String(value, field + ".file_id");
        Remember(out, field + ".file_id", value);
      }
      answer.evidence.push_back(std::move(e));
    }
  }

  std::vector<FileProblem>& problems_;
  int errors_ = 0;
  std::size_t evidence_count_ = 0;
  bool evidence_refused_ = false;
  bool ok_field_ = true;  // false right after the current field's read failed
};

// The position of `field`, or of the nearest enclosing field the file has.
std::pair<int, int> PositionOf(const DeclarationFile& file, std::string field) {
  while (!field.empty()) {
    auto it = file.positions.find(field);
    if (it != file.positions.end()) return it->second;
    auto cut = field.find_last_of(".[");
    if (cut == std::string::npos) break;
    field.resize(cut);
  }
  return {0, 0};
}

void Add(std::vector<FileProblem>& problems, const DeclarationFile& file, const Status& status,
         bool warning = false) {
  auto [line, column] = PositionOf(file, status.field());
  problems.push_back({line, column, status.field(), status.message(), warning});
}

const Requirement* FindRequirement(const Catalog& catalog, const std::string& key) {
  for (const Requirement& r : catalog.requirements) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

const RequirementVersion& InForce(const Requirement& r, Date today) {
  bool started = std::any_of(r.versions.begin(), r.versions.end(),
                             [&](const RequirementVersion& v) { return v.valid_from <= today; });
  return started ? VersionAt(r, today) : r.versions.back();
}

}  // namespace

Result<DeclarationFile> ParseDeclarationFile(const std::string& text,
                                             std::vector<FileProblem>& problems) {
  YamlError error;
  std::optional<YamlNode> root =
      ParseYaml(LooksLikeJson(text) ? UntabJson(text) : text, kDeclarationYamlLimits, error);
  if (!root) {
    problems.push_back({error.line, error.column, "", error.message, false});
    return Status::Invalid("", error.message);
  }
  DeclarationFile file;
  std::size_t before = problems.size();
  Reader reader(problems);
  if (!reader.Read(*root, file)) {
    const FileProblem& first = problems[before];
    return Status::Invalid(first.field, first.message);
  }
  return file;
}

void ResolveVersions(Declaration& declaration, const Catalog& catalog, Date today) {
  if (declaration.profile_version == 0) {
    for (const Profile& p : catalog.profiles) {
      if (p.key == declaration.profile && !p.versions.empty()) {
        declaration.profile_version = VersionAt(p, today).version;
      }
    }
  }
  for (DeclarationAnswer& a : declaration.answers) {
    if (a.requirement_version != 0) continue;
    const Requirement* r = FindRequirement(catalog, a.requirement);
    if (r != nullptr && !r->versions.empty()) a.requirement_version = InForce(*r, today).version;
  }
}

std::vector<FileProblem> CheckDeclarationFile(const std::string& text, const Catalog& catalog,
                                              Date today, bool complete) {
  std::vector<FileProblem> problems;
  auto parsed = ParseDeclarationFile(text, problems);
  if (!parsed.ok()) {
    SortByPosition(problems);
    return problems;
  }
  return CheckDeclaration(*parsed, catalog, today, complete);
}

std::vector<FileProblem> CheckDeclaration(const DeclarationFile& file, const Catalog& catalog,
                                          Date today, bool complete) {
  std::vector<FileProblem> problems;
  Declaration d = file.declaration;
  ResolveVersions(d, catalog, today);

  // The profile first: without it no answer can be checked.
  Declaration header = d;
  header.answers.clear();
  Status st = ValidateDeclaration(header, catalog, false);
  if (!st.ok()) {
    Add(problems, file, st);
    SortByPosition(problems);
    return problems;
  }
  const ProfileVersion* pv = DeclaredProfileVersion(header, catalog);

  // Each answer on its own, so every problem is reported, not just the first.
  std::map<std::string, int> first_line;
  for (std::size_t i = 0; i < d.answers.size(); ++i) {
    const DeclarationAnswer& a = d.answers[i];
    std::string path = "answers[" + std::to_string(i) + "]";
    Declaration one = header;
    one.answers = {a};
    st = ValidateDeclaration(one, catalog, false);
    if (!st.ok()) {
      std::string field = st.field();
      if (field.rfind("answers[0]", 0) == 0) field = path + field.substr(10);
      Add(problems, file, Status::Invalid(field, st.message()));
      continue;
    }
    int line = PositionOf(file, path + ".requirement").first;
    auto [it, inserted] = first_line.emplace(a.requirement, line);
    if (!inserted) {
      Add(problems, file,
          Status::Invalid(path + ".requirement", "Kravet «" + a.requirement +
                                                     "» er besvart flere ganger (første gang på "
                                                     "linje " +
                                                     std::to_string(it->second) + ")"));
      continue;
    }
    const Requirement* r = FindRequirement(catalog, a.requirement);
    int current = InForce(*r, today).version;
    if (a.requirement_version < current) {
      Add(problems, file,
          Status::Invalid(path + ".requirement_version",
                          "Svaret gjelder versjon " + std::to_string(a.requirement_version) +
                              " av kravet «" + a.requirement + "», men versjon " +
                              std::to_string(current) + " gjelder nå; vurder svaret på nytt"),
          /*warning=*/true);
    }
  }

  // Unanswered requirements: each one an error when the declaration must be complete, else one
  // warning listing them (a draft is allowed to be unfinished).
  std::vector<std::string> missing;
  for (const ProfileItem& item : pv->items) {
    bool answered = std::any_of(d.answers.begin(), d.answers.end(),
                                [&](const auto& a) { return a.requirement == item.requirement; });
    if (answered) continue;
    missing.push_back(item.requirement);
    if (!complete) continue;
    std::string title;
    if (const Requirement* r = FindRequirement(catalog, item.requirement)) {
      title = " (" + InForce(*r, today).title + ")";
    }
    Add(problems, file,
        Status::Invalid("answers", "Kravet «" + item.requirement + "»" + title +
                                       " er ikke besvart; alle krav i profilen må besvares"));
  }
  if (!complete && !missing.empty()) {
    std::string list;
    for (const std::string& key : missing) list += (list.empty() ? "" : ", ") + key;
    Add(problems, file,
        Status::Invalid("answers", std::to_string(missing.size()) + " av " +
                                       std::to_string(pv->items.size()) +
                                       " krav i profilen er ikke besvart ennå: " + list),
        /*warning=*/true);
  }

  SortByPosition(problems);
  return problems;
}

std::string FormatProblems(const std::string& file_name, const std::vector<FileProblem>& problems) {
  std::string out;
  for (const FileProblem& p : problems) {
    out += file_name;
    if (p.line > 0) out += ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
    out += p.warning ? ": advarsel: " : ": feil: ";
    out += p.message;
    out += "\n";
  }
  return out;
}

}  // namespace helsekrav::formats
