// The label image: an accessible SVG with a QR code of exactly the modules libqrencode gives for
// the verification address, escaped text, a distinct «ikke oppfylt» variant, and a PNG of the
// requested width.
#include "web/label_image.h"

#include <gtest/gtest.h>
#include <qrencode.h>

#include <cstdint>
#include <string>

namespace helsekrav::web {
namespace {

constexpr const char* kUrl = "https://helsekrav.example/pass/7b1c1f7e-0d3a-4c55-9a51-2f4e8a0c9d11";

domain::ComplianceLabel EarnedLabel() {
  domain::ComplianceLabel label;
  label.profile = "journal-kommune";
  label.profile_version = 2;
  label.product_version_id = "7b1c1f7e-0d3a-4c55-9a51-2f4e8a0c9d11";
  label.computed_on = Date::FromYmd(2026, 11, 23);
  label.earned = true;
  label.items = {{"KJ-01", 1, domain::LabelBasis::kThirdParty, "a1", ""},
                 {"SEC-01", 1, domain::LabelBasis::kSelfDeclared, "d1", ""},
                 {"SEC-02", 2, domain::LabelBasis::kSelfDeclared, "d1", ""}};
  return label;
}

LabelCaption Caption() { return {"Journal <&\"> Pluss", "4.2", "Journal for kommuner", kUrl}; }

std::size_t Count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size()))
    ++n;
  return n;
}

int DarkModules(const std::string& url) {
  QRcode* code = QRcode_encodeString(url.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == nullptr) return -1;
  int dark = 0;
  for (int i = 0; i < code->width * code->width; ++i) dark += code->data[i] & 1;
  QRcode_free(code);
  return dark;
}

TEST(LabelImageTest, SvgIsAccessibleAndHasTheQrModulesOfTheUrl) {
  std::string svg = LabelSvg(EarnedLabel(), Caption());
  EXPECT_EQ(svg.rfind("<?xml", 0), 0U);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"merke-tittel\">Helsekrav-merket: oppfyller Journal for "
                     "kommuner</title>"),
            std::string::npos);
  EXPECT_NE(svg.find("<desc id=\"merke-beskrivelse\">"), std::string::npos);
  EXPECT_NE(svg.find("23. november 2026"), std::string::npos);
  EXPECT_NE(svg.find("1 krav er dekket av godkjenning eller sertifikat fra tredjepart og 2 krav"),
            std::string::npos);
  EXPECT_NE(svg.find("OPPFYLT"), std::string::npos);
  EXPECT_EQ(svg.find("IKKE OPPFYLT"), std::string::npos);
  // Every dark module is one 1×1 rect inside the QR group; the other rects are the frame.
  std::size_t group = svg.find("<g id=\"qr\"");
  ASSERT_NE(group, std::string::npos);
  std::string qr = svg.substr(group, svg.find("</g>", group) - group);
  int expected = DarkModules(kUrl);
  ASSERT_GT(expected, 0);
  EXPECT_EQ(Count(qr, "<rect "), static_cast<std::size_t>(expected));
  EXPECT_EQ(Count(qr, "width=\"1\" height=\"1\""), static_cast<std::size_t>(expected));
  // Balanced elements: opening and closing tags of the document match.
  EXPECT_EQ(Count(svg, "<svg "), 1U);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  EXPECT_EQ(Count(svg, "<text "), Count(svg, "</text>"));
}

TEST(LabelImageTest, SvgEscapesEveryText) {
  std::string svg = LabelSvg(EarnedLabel(), Caption());
  EXPECT_EQ(svg.find("<&\">"), std::string::npos);
  EXPECT_EQ(svg.find("Journal <"), std::string::npos);
  EXPECT_NE(svg.find("Journal &lt;&amp;&quot;&gt; Pluss"), std::string::npos);
  LabelCaption evil = Caption();
  evil.profile_name = "</title><script>x</script>";
  evil.verify_url = "https://x.example/?a=1&b=<2>";
  svg = LabelSvg(EarnedLabel(), evil);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;/title&gt;&lt;script&gt;"), std::string::npos);
  EXPECT_NE(svg.find("a=1&amp;b=&lt;2&gt;"), std::string::npos);
}

TEST(LabelImageTest, NotEarnedVariantSaysSoInText) {
  domain::ComplianceLabel label = EarnedLabel();
  label.earned = false;
  label.items[1].basis = domain::LabelBasis::kMissing;
  label.items[1].basis_id.clear();
  std::string svg = LabelSvg(label, Caption());
  EXPECT_NE(svg.find("IKKE OPPFYLT"), std::string::npos);
  EXPECT_NE(svg.find("oppfyller ikke Journal for kommuner"), std::string::npos);
  EXPECT_NE(svg.find("1 av 3 krav mangler dekning"), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);
  EXPECT_NE(svg, LabelSvg(EarnedLabel(), Caption()));
}

std::uint32_t BigEndian32(const std::string& bytes, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

TEST(LabelImageTest, PngHasSignatureAndRequestedWidth) {
  std::string svg = LabelSvg(EarnedLabel(), Caption());
  for (int width : {240, 960}) {
    auto png = LabelPng(svg, width);
    ASSERT_TRUE(png.ok()) << png.status().ToString();
    ASSERT_GT(png->size(), 33U);
    EXPECT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(png->substr(12, 4), "IHDR");
    EXPECT_EQ(BigEndian32(*png, 16), static_cast<std::uint32_t>(width));
    EXPECT_EQ(BigEndian32(*png, 20),
              static_cast<std::uint32_t>(width * kLabelSvgHeight / kLabelSvgWidth));
  }
}

TEST(LabelImageTest, PngRejectsBadWidthAndBadSvg) {
  EXPECT_EQ(LabelPng(LabelSvg(EarnedLabel(), Caption()), 5).status().code(), StatusCode::kInvalid);
  EXPECT_EQ(LabelPng(LabelSvg(EarnedLabel(), Caption()), 5000).status().code(),
            StatusCode::kInvalid);
  EXPECT_EQ(LabelPng("not an svg <", 200).status().code(), StatusCode::kInvalid);
}

}  // namespace
}  // namespace helsekrav::web
