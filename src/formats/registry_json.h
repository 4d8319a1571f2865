#pragma once
// JSON of the product register and accounts: the documents stored in the database's entity
// table (store.h Entity::doc) and the bodies of the JSON API. One shape serves both, except
// that secrets (User::password_hash) are only in the stored document (ToStoredJson); ToJson
// never contains them. Parsing rejects unknown fields and names the field in errors.
// Thread-safe.

#include <string>

#include "core/status.h"
#include "domain/registry.h"
#include "formats/catalog_json.h"

namespace helsekrav::formats {

Json ToJson(const domain::OrgAccount& org);
Json ToJson(const domain::User& user);  // without password_hash
Json ToStoredJson(const domain::User& user);
Json ToJson(const domain::Membership& membership);
Json ToJson(const domain::Product& product);
Json ToJson(const domain::ProductVersion& version);
Json ToJson(const domain::Deployment& deployment);
Json ToJson(const domain::Evidence& evidence);
Json ToJson(const domain::DeclarationAnswer& answer);
Json ToJson(const domain::Declaration& declaration);
Json ToJson(const domain::EvidenceFile& file);
Json ToJson(const domain::Event& event);  // "changes" embedded as JSON

// `path` prefixes error fields ("product.categories[2]").
Result<domain::OrgAccount> OrgAccountFromJson(const Json& json, const std::string& path = "");
Result<domain::User> UserFromJson(const Json& json, const std::string& path = "");  // stored form
Result<domain::Membership> MembershipFromJson(const Json& json, const std::string& path = "");
Result<domain::Product> ProductFromJson(const Json& json, const std::string& path = "");
Result<domain::ProductVersion> ProductVersionFromJson(const Json& json,
                                                      const std::string& path = "");
Result<domain::Deployment> DeploymentFromJson(const Json& json, const std::string& path = "");
Result<domain::DeclarationAnswer> AnswerFromJson(const Json& json, const std::string& path = "");
Result<domain::Declaration> DeclarationFromJson(const Json& json, const std::string& path = "");
Result<domain::EvidenceFile> EvidenceFileFromJson(const Json& json, const std::string& path = "");

// Parses a stored document string; Internal when it is not valid JSON of that type (a stored
// document is ours, so a bad one is a bug or corruption, not user input).
template <typename T>
Result<T> FromDoc(const std::string& doc);

}  // namespace helsekrav::formats
