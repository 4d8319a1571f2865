#pragma once
// GET-form filters for the list pages: reading values from the URL with Norwegian error
// messages, and rendering checkbox/select facets with counts. Thread-safe.

#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/text.h"
#include "domain/vocabulary.h"
#include "web/html.h"

namespace helsekrav::web {

// Reads ?name=code,code… as enum values; unknown codes become a Norwegian problem.
template <typename E>
std::vector<E> ReadEnums(const http::Request& request, const std::string& name,
                         const std::string& label, std::vector<std::string>& problems) {
  std::vector<E> out;
  for (const std::string& code : Params(request, name)) {
    if (auto e = domain::Parse<E>(code)) {
      out.push_back(*e);
    } else {
      problems.push_back("Ukjent verdi «" + code + "» for " + label +
                         ". Tillatte verdier: " + Join(domain::AllCodes<E>(), ", ") + ".");
    }
  }
  return out;
}

// Reads keys that must be among `known`.
std::vector<std::string> ReadKeys(const http::Request& request, const std::string& name,
                                  const std::string& label, const std::vector<std::string>& known,
                                  std::vector<std::string>& problems);
// ?at= as a date (today when absent).
Date ReadDate(const http::Request& request, const std::string& name, Date fallback,
              std::vector<std::string>& problems);
// ?page= as a number ≥ 1.
int ReadPage(const http::Request& request, std::vector<std::string>& problems);

// A fieldset of checkboxes, one per (code, label, count).
struct FacetValue {
  std::string code;
  std::string label;
  std::size_t count = 0;
  bool checked = false;
};
std::string CheckboxFacet(const std::string& name, const std::string& legend,
                          const std::vector<FacetValue>& values);
// A select with "Alle" and one option per value.
std::string SelectFacet(const std::string& name, const std::string& legend,
                        const std::vector<FacetValue>& values);

template <typename E>
std::vector<FacetValue> EnumValues(const std::vector<E>& selected,
                                   const std::function<std::size_t(E)>& count) {
  std::vector<FacetValue> out;
  for (const auto& entry : domain::EnumTable<E>::kEntries) {
    bool checked = std::find(selected.begin(), selected.end(), entry.value) != selected.end();
    out.push_back({std::string(entry.code), std::string(entry.label), count(entry.value), checked});
  }
  return out;
}

// The «Vis pr. dato» field.
std::string DateField(const std::string& name, const std::string& label, Date value);

}  // namespace helsekrav::web
