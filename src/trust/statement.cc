#include "trust/statement.h"

#include <set>

#include "trust/canonical_json.h"
#include "trust/merkle.h"

namespace helsekrav::trust {

namespace {

using nlohmann::json;

// Strict access to the members of one JSON object: every member must be known, and the
// accessors report the first missing or mistyped one.
class Members {
 public:
  Members(const json& object, std::string what) : object_(object), what_(std::move(what)) {}

  Status Check(const std::set<std::string>& required, const std::set<std::string>& optional) {
    if (!object_.is_object()) return Status::Invalid("", what_ + " er ikke et JSON-objekt");
    for (const auto& name : required) {
      if (!object_.contains(name)) {
        return Status::Invalid(name, what_ + " mangler «" + name + "»");
      }
    }
    for (auto it = object_.begin(); it != object_.end(); ++it) {
      if (required.count(it.key()) == 0 && optional.count(it.key()) == 0) {
        return Status::Invalid(it.key(), what_ + " har et ukjent felt «" + it.key() + "»");
      }
    }
    return Status::Ok();
  }
  Result<std::string> Text(const std::string& name) const {
    const json& v = object_.at(name);
    if (!v.is_string())
      return Status::Invalid(name, "«" + name + "» i " + what_ + " er ikke tekst");
    return v.get<std::string>();
  }
  Result<std::uint64_t> Number(const std::string& name) const {
    const json& v = object_.at(name);
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0)) {
      return Status::Invalid(name,
                             "«" + name + "» i " + what_ + " er ikke et ikke-negativt heltall");
    }
    return v.get<std::uint64_t>();
  }
  Result<Hash> Base64Hash(const std::string& name) const {
    auto text = Text(name);
    if (!text.ok()) return text.status();
    return DecodeHash(*text, name);
  }
  Result<std::vector<Hash>> HashList(const std::string& name) const {
    const json& v = object_.at(name);
    if (!v.is_array())
      return Status::Invalid(name, "«" + name + "» i " + what_ + " er ikke en liste");
    std::vector<Hash> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string field = name + "[" + std::to_string(i) + "]";
      if (!v[i].is_string()) return Status::Invalid(field, "Hashen er ikke tekst");
      auto hash = DecodeHash(v[i].get<std::string>(), field);
      if (!hash.ok()) return hash.status();
      out.push_back(*hash);
    }
    return out;
  }

 private:
  Result<Hash> DecodeHash(const std::string& text, const std::string& field) const {
    auto raw = DecodeBase64(text);
    Hash hash{};
    if (!raw || raw->size() != hash.size()) {
      return Status::Invalid(field,
                             "«" + field + "» i " + what_ + " er ikke en SHA-256-hash i base64");
    }
    std::copy(raw->begin(), raw->end(), hash.begin());
    return hash;
  }

  const json& object_;
  std::string what_;
};

json HashListJson(const std::vector<Hash>& hashes) {
  json list = json::array();
  for (const auto& h : hashes) list.push_back(Base64(HashBytes(h)));
  return list;
}

const PublicKey* FindKey(const std::vector<PublicKey>& keys, const std::string& kid) {
  for (const auto& k : keys) {
    if (k.kid == kid) return &k;
  }
  return nullptr;
}

json UnsignedHead(const TreeHead& head) {
  return {{"tree_size", head.tree_size},
          {"root_hash", Base64(HashBytes(head.root_hash))},
          {"timestamp", head.timestamp},
          {"kid", head.kid}};
}

}  // namespace

Result<json> SignStatement(const json& payload, const Keyring& keyring) {
  if (!payload.is_object()) return Status::Invalid("payload", "Innholdet må være et JSON-objekt");
  auto canonical = CanonicalJson(payload);
  if (!canonical.ok()) return canonical.status().WithFieldPrefix("payload");
  const std::string kid = keyring.ActiveKid();
  return json{{"payload", payload},
              {"signature",
               {{"kid", kid}, {"alg", kEd25519}, {"sig", Base64Url(keyring.Sign(*canonical))}}}};
}

Result<std::string> StatementLeaf(const json& statement) { return CanonicalJson(statement); }

Result<PublicKey> VerifyStatement(const json& statement, const std::vector<PublicKey>& keys) {
  Members top(statement, "Erklæringen");
  HK_RETURN_IF_ERROR(top.Check({"payload", "signature"}, {}));
  if (!statement["payload"].is_object()) {
    return Status::Invalid("payload", "Innholdet i erklæringen er ikke et JSON-objekt");
  }
  Members signature(statement["signature"], "Signaturen");
  HK_RETURN_IF_ERROR(signature.Check({"kid", "alg", "sig"}, {}).WithFieldPrefix("signature"));
  auto alg = signature.Text("alg");
  auto kid = signature.Text("kid");
  auto sig_text = signature.Text("sig");
  for (const auto* part : {&alg, &kid, &sig_text}) {
    if (!part->ok()) return part->status().WithFieldPrefix("signature");
  }
  if (*alg != kEd25519) {
    return Status::Invalid("signature.alg", "Signaturalgoritmen «" + *alg + "» støttes ikke");
  }
  auto sig = DecodeBase64Url(*sig_text);
  if (!sig) return Status::Invalid("signature.sig", "Signaturen er ikke gyldig base64url");
  const PublicKey* key = FindKey(keys, *kid);
  if (key == nullptr) {
    return Status::Invalid("signature.kid", "Nøkkelen «" + *kid +
                                                "» som signerte erklæringen, finnes ikke i "
                                                "nøkkeldokumentet");
  }
  auto canonical = CanonicalJson(statement["payload"]);
  if (!canonical.ok()) return canonical.status().WithFieldPrefix("payload");
  if (!VerifySignature(key->public_key, *canonical, *sig)) {
    return Status::Invalid("signature.sig",
                           "Signaturen på erklæringen er ugyldig (nøkkel " + key->kid + ")");
  }
  return *key;
}

TreeHead SignTreeHead(std::uint64_t tree_size, const Hash& root_hash, std::string timestamp,
                      const Keyring& keyring) {
  TreeHead head{tree_size, root_hash, std::move(timestamp), keyring.ActiveKid(), ""};
  // Only numbers below 2^53, ASCII base64, a timestamp and a kid: canonicalisation cannot fail
  // except for an absurd tree size, which SignTreeHead's callers never produce.
  auto canonical = CanonicalJson(UnsignedHead(head));
  head.signature = keyring.Sign(canonical.ok() ? *canonical : std::string());
  return head;
}

json TreeHeadJson(const TreeHead& head) {
  json out = UnsignedHead(head);
  out["signature"] = Base64Url(head.signature);
  return out;
}

Result<TreeHead> ParseTreeHead(const json& document) {
  Members m(document, "Trehodet");
  HK_RETURN_IF_ERROR(m.Check({"tree_size", "root_hash", "timestamp", "kid", "signature"}, {}));
  TreeHead head;
  auto size = m.Number("tree_size");
  if (!size.ok()) return size.status();
  auto root = m.Base64Hash("root_hash");
  if (!root.ok()) return root.status();
  auto timestamp = m.Text("timestamp");
  if (!timestamp.ok()) return timestamp.status();
  auto kid = m.Text("kid");
  if (!kid.ok()) return kid.status();
  auto sig_text = m.Text("signature");
  if (!sig_text.ok()) return sig_text.status();
  auto sig = DecodeBase64Url(*sig_text);
  if (!sig) return Status::Invalid("signature", "Signaturen på trehodet er ikke gyldig base64url");
  return TreeHead{*size, *root, *timestamp, *kid, *sig};
}

Result<PublicKey> VerifyTreeHead(const TreeHead& head, const std::vector<PublicKey>& keys) {
  const PublicKey* key = FindKey(keys, head.kid);
  if (key == nullptr) {
    return Status::Invalid(
        "kid", "Nøkkelen «" + head.kid + "» som signerte trehodet, finnes ikke i nøkkeldokumentet");
  }
  auto canonical = CanonicalJson(UnsignedHead(head));
  if (!canonical.ok()) return canonical.status();
  if (!VerifySignature(key->public_key, *canonical, head.signature)) {
    return Status::Invalid("signature", "Signaturen på trehodet (" +
                                            std::to_string(head.tree_size) +
                                            " oppføringer) er ugyldig (nøkkel " + key->kid + ")");
  }
  return *key;
}

json ProofJson(const ProofDocument& proof) {
  json out = {{"leaf_index", proof.leaf_index},
              {"tree_size", proof.tree_size},
              {"inclusion", HashListJson(proof.inclusion)},
              {"tree_head", TreeHeadJson(proof.tree_head)}};
  if (proof.previous_size) {
    out["previous_size"] = *proof.previous_size;
    out["consistency"] = HashListJson(proof.consistency);
  }
  return out;
}

Result<ProofDocument> ParseProof(const json& document) {
  Members m(document, "Beviset");
  HK_RETURN_IF_ERROR(m.Check({"leaf_index", "tree_size", "inclusion", "tree_head"},
                             {"previous_size", "consistency"}));
  const bool has_previous = document.contains("previous_size");
  if (has_previous != document.contains("consistency")) {
    return Status::Invalid(
        has_previous ? "consistency" : "previous_size",
        "Beviset må ha både «previous_size» og «consistency», eller ingen av dem");
  }
  ProofDocument proof;
  auto index = m.Number("leaf_index");
  if (!index.ok()) return index.status();
  auto size = m.Number("tree_size");
  if (!size.ok()) return size.status();
  auto inclusion = m.HashList("inclusion");
  if (!inclusion.ok()) return inclusion.status();
  auto head = ParseTreeHead(document["tree_head"]);
  if (!head.ok()) return head.status().WithFieldPrefix("tree_head");
  proof = {*index, *size, *inclusion, *head, std::nullopt, {}};
  if (has_previous) {
    auto previous_size = m.Number("previous_size");
    if (!previous_size.ok()) return previous_size.status();
    if (*previous_size > *size) {
      return Status::Invalid("previous_size", "«previous_size» (" + std::to_string(*previous_size) +
                                                  ") i beviset er større enn «tree_size» (" +
                                                  std::to_string(*size) + ")");
    }
    auto consistency = m.HashList("consistency");
    if (!consistency.ok()) return consistency.status();
    proof.previous_size = *previous_size;
    proof.consistency = *consistency;
  }
  return proof;
}

Status VerifyInclusionProof(const json& statement, const ProofDocument& proof) {
  if (proof.tree_size != proof.tree_head.tree_size) {
    return Status::Invalid("tree_size", "Beviset gjelder et tre med " +
                                            std::to_string(proof.tree_size) +
                                            " oppføringer, men trehodet har " +
                                            std::to_string(proof.tree_head.tree_size));
  }
  auto leaf = StatementLeaf(statement);
  if (!leaf.ok()) return leaf.status();
  Status included = VerifyInclusion(LeafHash(*leaf), proof.leaf_index, proof.tree_size,
                                    proof.inclusion, proof.tree_head.root_hash);
  if (!included.ok()) {
    return Status::Invalid(included.field(), "Erklæringen er ikke med i loggen som oppføring " +
                                                 std::to_string(proof.leaf_index + 1) + " av " +
                                                 std::to_string(proof.tree_size) + ": " +
                                                 included.message());
  }
  return Status::Ok();
}

Status ProofStartsAt(const TreeHead& previous, const ProofDocument& proof) {
  if (proof.previous_size == previous.tree_size) return Status::Ok();
  const std::string size = std::to_string(previous.tree_size);
  return Status::Invalid(
      "previous_size",
      "Beviset har ikke et konsistensbevis fra treet med " + size + " oppføringer" +
          (proof.previous_size
               ? " (det gjelder treet med " + std::to_string(*proof.previous_size) + ")"
               : "") +
          ". Last ned beviset med ?previous_size=" + size + ": /api/v1/log/entries/" +
          std::to_string(proof.leaf_index) + "/proof?previous_size=" + size);
}

Status VerifyProofConsistency(const TreeHead& previous, const ProofDocument& proof) {
  HK_RETURN_IF_ERROR(ProofStartsAt(previous, proof));
  return VerifyTreeHeadConsistency(previous, proof.tree_head, proof.consistency);
}

json ConsistencyJson(const ConsistencyDocument& proof) {
  return {{"first_size", proof.first_size},
          {"second_size", proof.second_size},
          {"consistency", HashListJson(proof.consistency)}};
}

Result<ConsistencyDocument> ParseConsistency(const json& document) {
  Members m(document, "Konsistensbeviset");
  HK_RETURN_IF_ERROR(m.Check({"first_size", "second_size", "consistency"}, {}));
  auto first = m.Number("first_size");
  if (!first.ok()) return first.status();
  auto second = m.Number("second_size");
  if (!second.ok()) return second.status();
  auto hashes = m.HashList("consistency");
  if (!hashes.ok()) return hashes.status();
  return ConsistencyDocument{*first, *second, *hashes};
}

Status VerifyTreeHeadConsistency(const TreeHead& first, const TreeHead& second,
                                 const std::vector<Hash>& proof) {
  return VerifyConsistency(first.tree_size, second.tree_size, first.root_hash, second.root_hash,
                           proof);
}

}  // namespace helsekrav::trust
