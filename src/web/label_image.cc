// The compliance label as SVG (with a QR code from libqrencode) and as PNG (librsvg + cairo).
#include "web/label_image.h"

#include <cairo.h>
#include <librsvg/rsvg.h>
#include <qrencode.h>

#include <cmath>
#include <memory>
#include <string_view>

#include "web/layout.h"

namespace helsekrav::web {
namespace {

// The QR code occupies a square on the right; the text column the rest.
constexpr int kQrSize = 180;
constexpr int kQrLeft = kLabelSvgWidth - kQrSize - 20;
constexpr int kQrTop = (kLabelSvgHeight - kQrSize) / 2;
constexpr int kQuietZone = 4;  // modules of white around the code, as the standard asks

struct Counts {
  int third_party = 0;
  int self_declared = 0;
  int missing = 0;
};

Counts CountBasis(const domain::ComplianceLabel& label) {
  Counts c;
  for (const domain::LabelItem& item : label.items) {
    if (item.basis == domain::LabelBasis::kThirdParty ||
        item.basis == domain::LabelBasis::kCertificate) {
      ++c.third_party;  // a confirmed certificate is third party too
    }
    if (item.basis == domain::LabelBasis::kSelfDeclared) ++c.self_declared;
    if (item.basis == domain::LabelBasis::kMissing) ++c.missing;
  }
  return c;
}

// «krav» is the same in singular and plural.
std::string RequirementCount(int n) { return std::to_string(n) + " krav"; }

// «Oppfyller kravprofilen …» or «Oppfyller ikke …», with the basis of the requirements.
std::string Description(const domain::ComplianceLabel& label, const LabelCaption& caption) {
  Counts c = CountBasis(label);
  std::string subject = caption.product_name + " " + caption.version;
  std::string text =
      label.earned
          ? "Helsekrav-merket: " + subject + " oppfyller kravprofilen " + caption.profile_name +
                " (versjon " + std::to_string(label.profile_version) + "). " +
                RequirementCount(c.third_party) +
                " er dekket av godkjenning eller sertifikat fra tredjepart og " +
                RequirementCount(c.self_declared) + " av leverandørens egenerklæring."
          : "Helsekrav-merket er ikke oppnådd: " + subject + " oppfyller ikke kravprofilen " +
                caption.profile_name + " (versjon " + std::to_string(label.profile_version) +
                "). " + RequirementCount(c.missing) + " av " + std::to_string(label.items.size()) +
                " obligatoriske mangler dekning.";
  return text + " Beregnet " + label.computed_on.ToNorwegian() +
         ". QR-koden lenker til verifiseringen: " + caption.verify_url;
}

// A <text> element; `text` is escaped.
std::string Text(int x, int y, int size, std::string_view weight, std::string_view fill,
                 std::string_view text) {
  return "<text x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" font-size=\"" +
         std::to_string(size) + "\" font-weight=\"" + std::string(weight) + "\" fill=\"" +
         std::string(fill) + "\">" + Escape(text) + "</text>\n";
}

// `text` cut to `max` characters (UTF-8 aware) with an ellipsis, so long names stay inside.
std::string Shorten(const std::string& text, std::size_t max) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++chars > max) return text.substr(0, i) + "…";
  }
  return text;
}

// The QR code's dark modules as 1×1 rects in a scaled group, quiet zone included.
std::string QrCode(const std::string& url) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(url.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  std::string svg = "<rect x=\"" + std::to_string(kQrLeft) + "\" y=\"" + std::to_string(kQrTop) +
                    "\" width=\"" + std::to_string(kQrSize) + "\" height=\"" +
                    std::to_string(kQrSize) + "\" fill=\"#ffffff\"/>\n";
  if (!code) return svg;  // an address too long to encode; the text still names it
  int width = code->width;
  double scale = static_cast<double>(kQrSize) / (width + 2 * kQuietZone);
  svg += "<g id=\"qr\" fill=\"#000000\" shape-rendering=\"crispEdges\" transform=\"translate(" +
         std::to_string(kQrLeft) + " " + std::to_string(kQrTop) + ") scale(" +
         std::to_string(scale) + ")\">\n";
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      if ((code->data[y * width + x] & 1) == 0) continue;
      svg += "<rect x=\"" + std::to_string(x + kQuietZone) + "\" y=\"" +
             std::to_string(y + kQuietZone) + "\" width=\"1\" height=\"1\"/>";
    }
    svg += "\n";
  }
  return svg + "</g>\n";
}

}  // namespace

std::string LabelSvg(const domain::ComplianceLabel& label, const LabelCaption& caption) {
  // Earned: dark green band with «OPPFYLT» and a check mark; not earned: grey with a dashed
  // border and «IKKE OPPFYLT» in words, so the difference does not rest on colour.
  bool earned = label.earned;
  std::string band = earned ? "#0b5e2e" : "#4a4a4a";
  std::string title = earned ? "Helsekrav-merket: oppfyller " + caption.profile_name
                             : "Helsekrav-merket: oppfyller ikke " + caption.profile_name;
  Counts c = CountBasis(label);
  std::string w = std::to_string(kLabelSvgWidth), h = std::to_string(kLabelSvgHeight);
  std::string svg =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
      w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w + " " + h +
      "\" role=\"img\" aria-labelledby=\"merke-tittel merke-beskrivelse\" lang=\"nb\" "
      "font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\">\n"
      "<title id=\"merke-tittel\">" +
      Escape(title) + "</title>\n<desc id=\"merke-beskrivelse\">" +
      Escape(Description(label, caption)) + "</desc>\n<rect x=\"1\" y=\"1\" width=\"" +
      std::to_string(kLabelSvgWidth - 2) + "\" height=\"" + std::to_string(kLabelSvgHeight - 2) +
      "\" rx=\"12\" fill=\"#ffffff\" stroke=\"" + band + "\" stroke-width=\"2\"" +
      (earned ? "" : " stroke-dasharray=\"8 5\"") + "/>\n<rect x=\"1\" y=\"1\" width=\"" +
      std::to_string(kQrLeft - 12) + "\" height=\"48\" rx=\"12\" fill=\"" + band + "\"/>\n" +
      Text(18, 33, 22, "bold", "#ffffff", earned ? "✓ OPPFYLT" : "✗ IKKE OPPFYLT") +
      Text(18, 76, 13, "bold", "#1a1a1a", "Helsekrav-merket") +
      Text(18, 100, 15, "bold", "#1a1a1a",
           Shorten(caption.product_name + " " + caption.version, 28)) +
      Text(18, 122, 13, "normal", "#1a1a1a", Shorten(caption.profile_name, 32)) +
      Text(18, 140, 12, "normal", "#1a1a1a",
           "Versjon " + std::to_string(label.profile_version) + " av kravprofilen");
  if (earned) {
    svg += Text(18, 166, 12, "normal", "#1a1a1a",
                std::to_string(c.third_party) + " tredjepart · " + std::to_string(c.self_declared) +
                    " egenerklæring");
  } else {
    svg += Text(18, 166, 12, "bold", "#1a1a1a",
                std::to_string(c.missing) + " av " + std::to_string(label.items.size()) +
                    " krav mangler dekning");
  }
  svg += Text(18, 188, 12, "normal", "#1a1a1a", "Beregnet " + label.computed_on.ToNorwegian()) +
         Text(18, 206, 10, "normal", "#4a4a4a", "Skann koden for å verifisere") +
         QrCode(caption.verify_url) + "</svg>\n";
  return svg;
}

namespace {

cairo_status_t AppendPng(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct GErrorFree {
  void operator()(GError* e) const { g_error_free(e); }
};

}  // namespace

Result<std::string> LabelPng(const std::string& svg, int width) {
  if (width < 16 || width > 4096)
    return Status::Invalid("bredde", "Bredden må være mellom 16 og 4096 piksler.");
  GError* raw_error = nullptr;
  std::unique_ptr<RsvgHandle, decltype(&g_object_unref)> handle(
      rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(),
                                &raw_error),
      &g_object_unref);
  std::unique_ptr<GError, GErrorFree> error(raw_error);
  if (!handle) {
    return Status::Invalid(
        "svg", "Bildet kan ikke leses: " + std::string(error ? error->message : "ukjent feil"));
  }
  gdouble svg_width = 0, svg_height = 0;
  if (!rsvg_handle_get_intrinsic_size_in_pixels(handle.get(), &svg_width, &svg_height) ||
      svg_width <= 0 || svg_height <= 0) {
    svg_width = kLabelSvgWidth;
    svg_height = kLabelSvgHeight;
  }
  int height = static_cast<int>(std::lround(width * svg_height / svg_width));
  if (height < 1) height = 1;
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height), &cairo_surface_destroy);
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()),
                                                        &cairo_destroy);
  if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
    return Status::Internal("cairo: " +
                            std::string(cairo_status_to_string(cairo_status(cr.get()))));
  RsvgRectangle viewport{0, 0, static_cast<double>(width), static_cast<double>(height)};
  raw_error = nullptr;
  if (!rsvg_handle_render_document(handle.get(), cr.get(), &viewport, &raw_error)) {
    error.reset(raw_error);
    return Status::Internal("librsvg: " + std::string(error ? error->message : "ukjent feil"));
  }
  std::string png;
  cairo_surface_flush(surface.get());
  if (cairo_surface_write_to_png_stream(surface.get(), &AppendPng, &png) != CAIRO_STATUS_SUCCESS)
    return Status::Internal("cairo kunne ikke skrive PNG.");
  return png;
}

}  // namespace helsekrav::web
