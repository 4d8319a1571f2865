#include "formats/guide_export.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <array>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/text.h"

namespace helsekrav::formats {
namespace {

using domain::GuideItem;

struct Column {
  const char* heading;
  double width;  // in Excel character units
  bool wrap;
};

// Norwegian headings, in the order of guide_export.h.
constexpr std::array<Column, 12> kColumns = {{
    {"Område", 28, true},
    {"Forpliktelse", 16, false},
    {"Krav", 14, false},
    {"Tittel", 60, true},
    {"Hjemmel", 40, true},
    {"Eier", 26, true},
    {"Verifiseringsmetode", 28, true},
    {"Gyldig fra", 12, false},
    {"Gyldig til", 12, false},
    {"Godkjenningsordninger", 36, true},
    {"Kravprofiler", 24, true},
    {"Kilde", 40, true},
}};

std::string OrganisationName(const domain::Catalog& catalog, const std::string& key) {
  for (const auto& o : catalog.organisations) {
    if (o.key == key) return o.name;
  }
  return key;
}

std::string SchemeName(const domain::Catalog& catalog, const std::string& key) {
  for (const auto& s : catalog.approval_schemes) {
    if (s.key == key) return s.name;
  }
  return key;
}

// "Møtesak 7/25 (000_….txt)" or "Forskrift: § 8" — a reader can find the source from it.
std::string SourceText(const domain::Source& s) {
  std::string out(domain::Label(s.kind));
  if (!s.case_no.empty()) out += " " + s.case_no;
  if (!s.reference.empty()) out += ": " + s.reference;
  if (!s.document.empty()) out += " (" + s.document + ")";
  return out;
}

// The obligation, and for an EU rule not yet part of Norwegian law where Norway stands.
std::string ObligationText(const GuideItem& item) {
  std::string out(domain::Label(item.obligation));
  if (!item.binds_in_norway && item.version->eea) {
    out += " i EU – " + std::string(domain::Label(item.version->eea->status));
  }
  return out;
}

// One row per applicable requirement; dates in ISO 8601 so spreadsheets read them as dates.
std::vector<std::array<std::string, kColumns.size()>> Rows(const domain::Catalog& catalog,
                                                           const domain::GuideAnswer& answer) {
  std::vector<std::array<std::string, kColumns.size()>> rows;
  for (const domain::GuideGroup& group : answer.groups) {
    for (const GuideItem& item : group.items) {
      const domain::RequirementVersion& v = *item.version;
      std::vector<std::string> methods;
      for (auto m : v.verification_methods) methods.emplace_back(domain::Label(m));
      std::vector<std::string> schemes;
      for (const auto& s : v.approval_schemes) schemes.push_back(SchemeName(catalog, s));
      rows.push_back({std::string(domain::Label(group.area)), ObligationText(item),
                      item.requirement->key, v.title, v.legal_basis,
                      OrganisationName(catalog, v.owner), Join(methods, ", "), v.valid_from.ToIso(),
                      v.valid_to ? v.valid_to->ToIso() : "", Join(schemes, ", "),
                      Join(item.profiles, ", "), SourceText(v.source)});
    }
  }
  return rows;
}

// RFC 4180: quote a field holding the separator, a quote or a line break; double the quotes.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(";\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

template <typename Row>
std::string CsvLine(const Row& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ';';
    line += CsvField(fields[i]);
  }
  return line + "\r\n";
}

// Deletes the temporary file however the export ends.
class TempFile {
 public:
  TempFile() {
    const char* dir = std::getenv("TMPDIR");
    std::string pattern =
        std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/helsekrav-veiviser-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    int fd = mkstemp(buffer.data());
    if (fd >= 0) {
      close(fd);
      path_ = buffer.data();
    }
  }
  ~TempFile() {
    if (!path_.empty()) unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

std::string GuideCsv(const domain::Catalog& catalog, const domain::GuideQuestion& /*question*/,
                     const domain::GuideAnswer& answer) {
  std::string out = "\xEF\xBB\xBF";  // BOM, so Excel reads UTF-8
  std::array<std::string, kColumns.size()> headings;
  for (std::size_t i = 0; i < kColumns.size(); ++i) headings[i] = kColumns[i].heading;
  out += CsvLine(headings);
  for (const auto& row : Rows(catalog, answer)) out += CsvLine(row);
  return out;
}

Result<std::string> GuideXlsx(const domain::Catalog& catalog, const domain::GuideQuestion& question,
                              const domain::GuideAnswer& answer) {
  // libxlsxwriter 1.1.4 can only write to a file, so write one and read it back.
  TempFile file;
  if (file.path().empty()) return Status::Internal("could not create a temporary file");
  lxw_workbook* workbook = workbook_new(file.path().c_str());
  if (workbook == nullptr) return Status::Internal("workbook_new failed");
  // Dated by the question rather than the clock, so the same answer gives the same bytes (and
  // the same ETag).
  std::string title = "Hva gjelder for meg? " + question.category + " " + question.at.ToIso();
  lxw_doc_properties properties = {};
  properties.title = title.data();
  properties.created = static_cast<time_t>(question.at.days()) * 24 * 60 * 60;
  workbook_set_properties(workbook, &properties);
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Krav");
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  format_set_bg_color(bold, 0xD9E2F3);
  format_set_border(bold, LXW_BORDER_THIN);
  format_set_text_wrap(bold);
  format_set_align(bold, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* wrap = workbook_add_format(workbook);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* plain = workbook_add_format(workbook);
  format_set_align(plain, LXW_ALIGN_VERTICAL_TOP);

  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    auto col = static_cast<lxw_col_t>(c);
    worksheet_set_column(sheet, col, col, kColumns[c].width, kColumns[c].wrap ? wrap : plain);
    worksheet_write_string(sheet, 0, col, kColumns[c].heading, bold);
  }
  auto rows = Rows(catalog, answer);
  lxw_row_t r = 1;
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (row[c].empty()) continue;
      worksheet_write_string(sheet, r, static_cast<lxw_col_t>(c), row[c].c_str(),
                             kColumns[c].wrap ? wrap : plain);
    }
    ++r;
  }
  worksheet_freeze_panes(sheet, 1, 0);
  worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(rows.size()),
                       static_cast<lxw_col_t>(kColumns.size() - 1));
  lxw_error error = workbook_close(workbook);
  if (error != LXW_NO_ERROR) {
    return Status::Internal(std::string("workbook_close: ") + lxw_strerror(error));
  }
  std::ifstream in(file.path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return Status::Internal("could not read the temporary workbook");
  return bytes.str();
}

}  // namespace helsekrav::formats
