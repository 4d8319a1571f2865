#include "domain/identifiers.h"

#include <algorithm>
#include <array>
#include <string>

namespace helsekrav::domain {
namespace {

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Shared shape of both key kinds: groups of [first-class][rest-class]* joined by single '-'.
template <typename First, typename Rest>
bool IsDashedKey(std::string_view key, First first_ok, Rest rest_ok) {
  if (key.empty() || !first_ok(key.front()) || key.back() == '-') return false;
  for (std::size_t i = 1; i < key.size(); ++i) {
    if (key[i] == '-') {
      if (key[i - 1] == '-') return false;
    } else if (!rest_ok(key[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace

Status ValidateOrgnr(std::string_view orgnr) {
  if (orgnr.size() != 9 || !AllDigits(orgnr)) {
    return Status::Invalid("orgnr", "Organisasjonsnummer må bestå av 9 siffer");
  }
  static constexpr std::array<int, 8> kWeights = {3, 2, 7, 6, 5, 4, 3, 2};
  int sum = 0;
  for (std::size_t i = 0; i < kWeights.size(); ++i) sum += (orgnr[i] - '0') * kWeights[i];
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  if (check == 10 || check != orgnr[8] - '0') {
    return Status::Invalid("orgnr", "Organisasjonsnummeret har feil kontrollsiffer (modulus 11)");
  }
  return Status::Ok();
}

Status ValidateKommunenummer(std::string_view number) {
  if (number.size() != 4 || !AllDigits(number)) {
    return Status::Invalid("municipality_number", "Kommunenummer må bestå av 4 siffer");
  }
  static constexpr std::array<std::string_view, 15> kCounties = {
      "03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56"};
  if (std::find(kCounties.begin(), kCounties.end(), number.substr(0, 2)) == kCounties.end()) {
    return Status::Invalid("municipality_number",
                           "Kommunenummeret begynner ikke med et gyldig fylkesnummer");
  }
  if (number.substr(2) == "00") {
    return Status::Invalid("municipality_number", "Kommunenummeret mangler kommunedelen");
  }
  return Status::Ok();
}

Status ValidateNando(std::string_view number) {
  if (number.size() != 4 || !AllDigits(number)) {
    return Status::Invalid("identifier", "NANDO-nummeret må bestå av 4 siffer, f.eks. 2797");
  }
  return Status::Ok();
}

bool IsRequirementKey(std::string_view key) {
  auto upper_or_digit = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  return IsDashedKey(
      key, [](char c) { return c >= 'A' && c <= 'Z'; }, upper_or_digit);
}

bool IsSlugKey(std::string_view key) {
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  return IsDashedKey(key, lower_or_digit, lower_or_digit);
}

}  // namespace helsekrav::domain
