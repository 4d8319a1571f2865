#pragma once
// The veiviser's answer as downloads for procurement teams: CSV (UTF-8 with BOM, semicolon
// separated so Norwegian Excel opens it in columns) and XLSX (libxlsxwriter: one sheet, frozen
// header row, proper column widths, Norwegian headings). Thread-safe.

#include <string>

#include "core/status.h"
#include "domain/guide.h"

namespace helsekrav::formats {

// Columns: Område, Forpliktelse, Krav (key), Tittel, Hjemmel, Eier, Verifiseringsmetode,
// Gyldig fra, Gyldig til, Godkjenningsordninger, Kravprofiler, Kilde.
std::string GuideCsv(const domain::Catalog& catalog, const domain::GuideQuestion& question,
                     const domain::GuideAnswer& answer);
// The same rows as an .xlsx file's bytes. Internal on a libxlsxwriter failure.
Result<std::string> GuideXlsx(const domain::Catalog& catalog, const domain::GuideQuestion& question,
                              const domain::GuideAnswer& answer);

}  // namespace helsekrav::formats
