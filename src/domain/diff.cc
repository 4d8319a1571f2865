#include "domain/diff.h"

#include <algorithm>
#include <set>

#include "core/text.h"

namespace helsekrav::domain {
namespace {

std::string Str(const std::optional<Date>& d) { return d ? d->ToIso() : ""; }
std::string Str(const std::optional<InteropLayer>& l) { return l ? std::string(Code(*l)) : ""; }
template <typename E>
std::vector<std::string> Codes(const std::vector<E>& values) {
  std::vector<std::string> out;
  for (E v : values) out.emplace_back(Code(v));
  return out;
}

class Differ {
 public:
  explicit Differ(VersionDiff& out) : out_(out) {}
  void Field(const std::string& name, const std::string& a, const std::string& b) {
    if (a != b) out_.fields.push_back({name, a, b});
  }
  void List(const std::string& name, const std::vector<std::string>& a,
            const std::vector<std::string>& b) {
    std::set<std::string> sa(a.begin(), a.end());
    std::set<std::string> sb(b.begin(), b.end());
    ListChange change{name, {}, {}};
    std::set_difference(sb.begin(), sb.end(), sa.begin(), sa.end(),
                        std::back_inserter(change.added));
    std::set_difference(sa.begin(), sa.end(), sb.begin(), sb.end(),
                        std::back_inserter(change.removed));
    if (!change.added.empty() || !change.removed.empty()) out_.lists.push_back(std::move(change));
  }

 private:
  VersionDiff& out_;
};

std::string SourceText(const Source& s) {
  return std::string(Code(s.kind)) + " " + s.document + " " + s.case_no + " " + s.reference;
}

}  // namespace

std::vector<LineOp> DiffLines(const std::string& from, const std::string& to) {
  std::vector<std::string> a = Split(from, '\n');
  std::vector<std::string> b = Split(to, '\n');
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  // lcs[i][j] = length of the LCS of a[i..] and b[j..].
  std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<LineOp> ops;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      ops.push_back({LineOp::Kind::kSame, a[i]});
      ++i;
      ++j;
    } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      ops.push_back({LineOp::Kind::kAdded, b[j++]});
    } else {
      ops.push_back({LineOp::Kind::kRemoved, a[i++]});
    }
  }
  return ops;
}

VersionDiff Diff(const RequirementVersion& a, const RequirementVersion& b) {
  VersionDiff d{a.version, b.version, {}, {}, {}};
  Differ f(d);
  f.Field("title", a.title, b.title);
  f.Field("area", std::string(Code(a.area)), std::string(Code(b.area)));
  f.Field("layer", Str(a.layer), Str(b.layer));
  f.Field("scope", std::string(Code(a.scope)), std::string(Code(b.scope)));
  f.Field("obligation", std::string(Code(a.obligation)), std::string(Code(b.obligation)));
  f.Field("legal_basis", a.legal_basis, b.legal_basis);
  f.Field("owner", a.owner, b.owner);
  f.Field("valid_from", a.valid_from.ToIso(), b.valid_from.ToIso());
  f.Field("valid_to", Str(a.valid_to), Str(b.valid_to));
  f.Field("source", SourceText(a.source), SourceText(b.source));
  f.List("verification_methods", Codes(a.verification_methods), Codes(b.verification_methods));
  f.List("categories", a.categories, b.categories);
  f.List("actor_types", Codes(a.actor_types), Codes(b.actor_types));
  f.List("integrations", a.integrations, b.integrations);
  f.List("standards", a.standards, b.standards);
  f.List("approval_schemes", a.approval_schemes, b.approval_schemes);
  if (a.text != b.text) d.text = DiffLines(a.text, b.text);
  return d;
}

VersionDiff Diff(const ProfileVersion& a, const ProfileVersion& b) {
  VersionDiff d{a.version, b.version, {}, {}, {}};
  Differ f(d);
  f.Field("name", a.name, b.name);
  f.Field("description", a.description, b.description);
  f.Field("category", a.category, b.category);
  f.Field("use", a.use, b.use);
  f.Field("valid_from", a.valid_from.ToIso(), b.valid_from.ToIso());
  f.Field("valid_to", Str(a.valid_to), Str(b.valid_to));
  f.List("actor_types", Codes(a.actor_types), Codes(b.actor_types));
  std::vector<std::string> ka;
  std::vector<std::string> kb;
  for (const auto& item : a.items) ka.push_back(item.requirement);
  for (const auto& item : b.items) kb.push_back(item.requirement);
  f.List("requirements", ka, kb);
  for (const auto& ib : b.items) {
    for (const auto& ia : a.items) {
      if (ia.requirement != ib.requirement) continue;
      auto code = [](const std::optional<Obligation>& o) {
        return o ? std::string(Code(*o)) : std::string();
      };
      f.Field("requirements[" + ib.requirement + "].obligation", code(ia.obligation),
              code(ib.obligation));
    }
  }
  return d;
}

}  // namespace helsekrav::domain
