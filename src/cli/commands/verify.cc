// helsekrav verify [STATEMENT.json [--proof PROOF.json [--previous-tree-head HEAD.json]]]
//                  --keys KEYS.json [--consistency OLD_HEAD.json NEW_HEAD.json [CONSISTENCY.json]]
// Verifies offline what helsekrav published (docs/trust.md): a statement's signature, its
// inclusion in a signed tree head, and that a newer tree head extends an older one the user saved
// before (a proof's consistency proof is checked only against such a head, never against one
// delivered with the proof).
// Exit code 0 when every check passes, 1 when one fails, 2 when an input cannot be read.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/common.h"
#include "trust/keys.h"
#include "trust/statement.h"

namespace helsekrav::cli {

namespace {

constexpr int kCheckFailed = 1;
constexpr int kUnreadable = 2;

[[noreturn]] void Unreadable(const std::string& message) {
  std::cerr << "Feil: " << message << "\n";
  throw CLI::RuntimeError(kUnreadable);
}

struct VerifyOptions {
  std::string statement;
  std::string proof;
  std::string keys;
  std::string previous_head;  // a tree head the user saved earlier from /api/v1/log/tree-head
  std::vector<std::string> consistency;  // OLD_HEAD NEW_HEAD [CONSISTENCY]
};

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Unreadable("Kan ikke lese " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(buffer.str(), nullptr, false);
  if (doc.is_discarded()) Unreadable(path + " er ikke gyldig JSON");
  return doc;
}

// What was checked, in Norwegian, one line each.
class Report {
 public:
  void Passed(const std::string& line) { std::cout << "OK: " << line << "\n"; }
  void Failed(const std::string& path, const Status& status) {
    ++failed_;
    std::cout << "FEIL: " << path << ": " << status.message()
              << (status.field().empty() ? "" : " (" + status.field() + ")") << "\n";
  }
  void NotChecked(const std::string& line) { std::cout << "Ikke kontrollert: " << line << "\n"; }
  int failed() const { return failed_; }

 private:
  int failed_ = 0;
};

std::string DescribeKey(const trust::PublicKey& key) {
  return "nøkkel " + key.kid + (key.retired.empty() ? "" : ", pensjonert " + key.retired);
}

std::string DescribeHead(const trust::TreeHead& head) {
  return std::to_string(head.tree_size) + " oppføringer, " + head.timestamp;
}

// Parses and checks the signature of a tree head; nullopt (reported) when either fails. `what`
// names the head in the report line.
std::optional<trust::TreeHead> CheckedHead(const nlohmann::json& doc, const std::string& path,
                                           const std::vector<trust::PublicKey>& keys,
                                           Report& report, const std::string& what = "Trehodet") {
  auto head = trust::ParseTreeHead(doc);
  if (!head.ok()) {
    report.Failed(path, head.status());
    return std::nullopt;
  }
  auto key = trust::VerifyTreeHead(*head, keys);
  if (!key.ok()) {
    report.Failed(path, key.status());
    return std::nullopt;
  }
  report.Passed(what + " (" + DescribeHead(*head) + ") er signert av helsekrav (" +
                DescribeKey(*key) + ").");
  return *head;
}

void CheckConsistency(const trust::TreeHead& old_head, const trust::TreeHead& new_head,
                      const std::vector<trust::Hash>& proof, const std::string& path,
                      Report& report) {
  Status consistent = trust::VerifyTreeHeadConsistency(old_head, new_head, proof);
  if (!consistent.ok()) {
    report.Failed(path, consistent);
    return;
  }
  if (old_head.tree_size == new_head.tree_size) {
    report.Passed("Trehodene beskriver det samme treet med " + std::to_string(new_head.tree_size) +
                  " oppføringer.");
    return;
  }
  report.Passed("Loggen er konsistent: treet med " + std::to_string(new_head.tree_size) +
                " oppføringer bygger videre på treet med " + std::to_string(old_head.tree_size) +
                " oppføringer uten at noe er endret eller fjernet.");
}

// Checks that the proof's tree head extends the tree head the user saved earlier
// (--previous-tree-head), with the consistency proof in the proof document.
void CheckPreviousHead(const nlohmann::json& previous_doc, const trust::ProofDocument& proof,
                       const VerifyOptions& options, const std::vector<trust::PublicKey>& keys,
                       Report& report) {
  auto previous =
      CheckedHead(previous_doc, options.previous_head, keys, report, "Det forrige trehodet");
  if (!previous) {
    report.NotChecked(
        "at loggen er konsistent, fordi det forrige trehodet ikke er et gyldig signert trehode.");
    return;
  }
  if (Status starts = trust::ProofStartsAt(*previous, proof); !starts.ok()) {
    report.Failed(options.proof, starts);
    return;
  }
  CheckConsistency(*previous, proof.tree_head, proof.consistency, options.proof, report);
}

void CheckStatement(const VerifyOptions& options, const std::vector<trust::PublicKey>& keys,
                    Report& report) {
  nlohmann::json statement = ReadJson(options.statement);
  nlohmann::json proof_doc;
  if (!options.proof.empty()) proof_doc = ReadJson(options.proof);
  nlohmann::json previous_doc;
  if (!options.previous_head.empty()) previous_doc = ReadJson(options.previous_head);

  auto key = trust::VerifyStatement(statement, keys);
  if (key.ok()) {
    report.Passed("Signaturen er gyldig (" + DescribeKey(*key) + ").");
  } else {
    report.Failed(options.statement, key.status());
  }
  if (options.proof.empty()) {
    report.NotChecked("at erklæringen er med i loggen (oppgi beviset med --proof BEVIS.json).");
    return;
  }
  auto proof = trust::ParseProof(proof_doc);
  if (!proof.ok()) {
    report.Failed(options.proof, proof.status());
    return;
  }
  auto head_key = trust::VerifyTreeHead(proof->tree_head, keys);
  if (!head_key.ok()) {
    // A proof against a tree head helsekrav did not sign proves nothing.
    report.Failed(options.proof, head_key.status().WithFieldPrefix("tree_head"));
    report.NotChecked("at erklæringen er med i loggen, fordi trehodet ikke er gyldig signert.");
    if (!options.previous_head.empty()) {
      report.NotChecked(
          "at loggen er konsistent, fordi trehodet i beviset ikke er gyldig signert.");
    }
    return;
  }
  report.Passed("Trehodet (" + DescribeHead(proof->tree_head) + ") er signert av helsekrav (" +
                DescribeKey(*head_key) + ").");
  Status included = trust::VerifyInclusionProof(statement, *proof);
  if (!included.ok()) {
    report.Failed(options.proof, included);
  } else {
    report.Passed("Erklæringen er med i loggen som oppføring " +
                  std::to_string(proof->leaf_index + 1) + " av " +
                  std::to_string(proof->tree_size) + " (leaf_index " +
                  std::to_string(proof->leaf_index) + ").");
  }
  if (!options.previous_head.empty()) {
    CheckPreviousHead(previous_doc, *proof, options, keys, report);
  } else if (proof->previous_size) {
    // A consistency proof shows something only against a head the verifier had before.
    const std::string size = std::to_string(*proof->previous_size);
    report.NotChecked("at loggen er konsistent. Beviset har et konsistensbevis fra treet med " +
                      size +
                      " oppføringer, men det viser noe bare mot et trehode du har lagret selv: "
                      "oppgi det med --previous-tree-head TREHODE.json (lagret fra "
                      "/api/v1/log/tree-head da loggen hadde " +
                      size + " oppføringer).");
  }
}

void CheckHeads(const VerifyOptions& options, const std::vector<trust::PublicKey>& keys,
                Report& report) {
  const std::string& old_path = options.consistency[0];
  const std::string& new_path = options.consistency[1];
  nlohmann::json old_doc = ReadJson(old_path);
  nlohmann::json new_doc = ReadJson(new_path);
  nlohmann::json proof_doc;
  const bool has_proof = options.consistency.size() > 2;
  if (has_proof) proof_doc = ReadJson(options.consistency[2]);

  auto old_head = CheckedHead(old_doc, old_path, keys, report);
  auto new_head = CheckedHead(new_doc, new_path, keys, report);
  if (!old_head || !new_head) {
    report.NotChecked("at loggen er konsistent, fordi et trehode ikke er gyldig signert.");
    return;
  }
  if (!has_proof) {  // enough when the sizes are equal (or the old tree is empty)
    if (old_head->tree_size != new_head->tree_size && old_head->tree_size != 0) {
      report.Failed(new_path, Status::Invalid("",
                                              "Trehodene har ulik størrelse; oppgi "
                                              "konsistensbeviset som tredje fil"));
      return;
    }
    CheckConsistency(*old_head, *new_head, {}, new_path, report);
    return;
  }
  const std::string& path = options.consistency[2];
  auto proof = trust::ParseConsistency(proof_doc);
  if (!proof.ok()) {
    report.Failed(path, proof.status());
    return;
  }
  if (proof->first_size != old_head->tree_size || proof->second_size != new_head->tree_size) {
    report.Failed(path, Status::Invalid("", "Konsistensbeviset gjelder trærne med " +
                                                std::to_string(proof->first_size) + " og " +
                                                std::to_string(proof->second_size) +
                                                " oppføringer, ikke trehodene som er oppgitt"));
    return;
  }
  CheckConsistency(*old_head, *new_head, proof->consistency, path, report);
}

void RunVerify(const VerifyOptions& options) {
  if (options.statement.empty() && options.consistency.empty()) {
    Unreadable("Oppgi erklæringen (helsekrav verify ERKLÆRING.json) eller --consistency");
  }
  if (options.keys.empty()) {
    Unreadable(
        "Oppgi helsekravs offentlige nøkler med --keys NØKLER.json "
        "(hentes fra /.well-known/helsekrav-keys.json)");
  }
  if (!options.proof.empty() && options.statement.empty()) {
    Unreadable("--proof krever erklæringen beviset gjelder");
  }
  if (!options.previous_head.empty() && options.proof.empty()) {
    Unreadable("--previous-tree-head krever --proof med et bevis hentet med ?previous_size");
  }
  auto keys = trust::ParsePublicKeysJson(ReadJson(options.keys));
  if (!keys.ok()) Unreadable(options.keys + ": " + keys.status().ToString());

  Report report;
  if (!options.statement.empty()) CheckStatement(options, *keys, report);
  if (!options.consistency.empty()) CheckHeads(options, *keys, report);
  if (report.failed() > 0) {
    std::cout << "Kontrollen feilet: " << report.failed()
              << (report.failed() == 1 ? " kontroll" : " kontroller") << " gikk ikke gjennom.\n";
    throw CLI::RuntimeError(kCheckFailed);
  }
  std::cout << "Alt som er kontrollert, er i orden.\n";
}

}  // namespace

void AddVerify(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "verify",
      "Kontroller uten nett en signert erklæring fra helsekrav: signaturen, at den er med i "
      "loggen, og at loggen bare er utvidet");
  auto options = std::make_shared<VerifyOptions>();
  cmd->add_option("STATEMENT", options->statement, "Den signerte erklæringen (JSON)");
  cmd->add_option("--proof", options->proof,
                  "Beviset for at erklæringen er med i loggen (JSON med signert trehode og "
                  "eventuelt konsistensbevis)");
  cmd->add_option("--keys", options->keys,
                  "helsekravs offentlige nøkler (/.well-known/helsekrav-keys.json)");
  cmd->add_option("--previous-tree-head", options->previous_head,
                  "Et trehode du lagret tidligere fra /api/v1/log/tree-head: kontroller at "
                  "trehodet i beviset bygger videre på det (hent beviset med "
                  "?previous_size=STØRRELSEN på det lagrede trehodet)");
  cmd->add_option("--consistency", options->consistency,
                  "GAMMELT_TREHODE.json NYTT_TREHODE.json [KONSISTENSBEVIS.json]: kontroller at "
                  "det nye treet bygger videre på det gamle")
      ->expected(2, 3);
  cmd->callback([options] { RunVerify(*options); });
}

}  // namespace helsekrav::cli
