// RFC 8785 (JCS) examples: member order by UTF-16 code units, string escapes, ES6 numbers.
#include "trust/canonical_json.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>

namespace helsekrav::trust {
namespace {

using nlohmann::json;

std::string Canon(const json& value) {
  auto out = CanonicalJson(value);
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return out.ok() ? *out : "";
}

TEST(CanonicalJsonTest, SortsNamesByUtf16CodeUnits) {
  // RFC 8785 §3.2.3: the emoji (surrogates D83D DE00) sorts before U+FB33, although its UTF-8
  // bytes (F0 …) sort after U+FB33's (EF …).
  json input = json::parse(R"({
    "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis"})");
  std::string expected =
      "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xC2\x80\":\"Control\","
      "\"\xC3\xB6\":\"Latin Small Letter O With Diaeresis\",\"\xE2\x82\xAC\":\"Euro Sign\","
      "\"\xF0\x9F\x98\x80\":\"Emoji: Grinning Face\","
      "\"\xEF\xAC\xB3\":\"Hebrew Letter Dalet With Dagesh\"}";
  EXPECT_EQ(Canon(input), expected);
  // The order of an ordered_json's members does not matter either.
  nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(input.dump());
  nlohmann::ordered_json reversed = nlohmann::ordered_json::object();
  for (auto it = ordered.rbegin(); it != ordered.rend(); ++it) reversed[it.key()] = it.value();
  auto from_ordered = CanonicalJson(reversed);
  ASSERT_TRUE(from_ordered.ok());
  EXPECT_EQ(*from_ordered, expected);
}

TEST(CanonicalJsonTest, ReproducesTheRfcExample) {
  // RFC 8785 §3.2.2, the sample input and its canonical form.
  json input = json::parse(R"({
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  })");
  EXPECT_EQ(Canon(input),
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            "\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

TEST(CanonicalJsonTest, EscapesOnlyWhatJcsEscapes) {
  std::string all_controls;
  for (int c = 0; c < 0x20; ++c) all_controls += static_cast<char>(c);
  EXPECT_EQ(Canon(json(all_controls)),
            "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
            "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018"
            "\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\"");
  EXPECT_EQ(Canon(json("/<>&'\x7f\xC3\xA6\xC3\xB8\xC3\xA5")),
            "\"/<>&'\x7f\xC3\xA6\xC3\xB8\xC3\xA5\"");
  EXPECT_EQ(Canon(json::parse(R"({"b":[1,{"d":2,"c":[]}],"a":{}})")),
            R"({"a":{},"b":[1,{"c":[],"d":2}]})");
}

TEST(CanonicalJsonTest, WritesEs6Numbers) {
  // RFC 8785 Appendix B: IEEE 754 bit patterns and their ES6 strings.
  const std::pair<std::uint64_t, const char*> cases[] = {
      {0x0000000000000000, "0"},
      {0x8000000000000000, "0"},
      {0x0000000000000001, "5e-324"},
      {0x8000000000000001, "-5e-324"},
      {0x7fefffffffffffff, "1.7976931348623157e+308"},
      {0xffefffffffffffff, "-1.7976931348623157e+308"},
      {0x4340000000000000, "9007199254740992"},
      {0xc340000000000000, "-9007199254740992"},
      {0x4430000000000000, "295147905179352830000"},
      {0x44b52d02c7e14af5, "9.999999999999997e+22"},
      {0x44b52d02c7e14af6, "1e+23"},
      {0x44b52d02c7e14af7, "1.0000000000000001e+23"},  // as V8 prints it
      {0x444b1ae4d6e2ef4e, "999999999999999700000"},
      {0x444b1ae4d6e2ef4f, "999999999999999900000"},
      {0x444b1ae4d6e2ef50, "1e+21"},
      {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
      {0x3eb0c6f7a0b5ed8d, "0.000001"},
      {0x41b3de4355555553, "333333333.3333332"},
      {0x41b3de4355555554, "333333333.33333325"},
      {0x41b3de4355555555, "333333333.3333333"},
      {0x41b3de4355555556, "333333333.3333334"},
      {0x41b3de4355555557, "333333333.33333343"},
      {0xbecbf647612f3696, "-0.0000033333333333333333"},
      {0x43143ff3c1cb0959, "1424953923781206.2"},
  };
  for (const auto& [bits, expected] : cases) {
    double value = std::bit_cast<double>(bits);
    EXPECT_EQ(Es6Number(value), expected) << std::hex << bits;
    EXPECT_EQ(Canon(json(value)), expected) << std::hex << bits;
  }
}

TEST(CanonicalJsonTest, WritesIntegersInDecimal) {
  EXPECT_EQ(Canon(json::parse("[0,-1,42,9007199254740992,-9007199254740992]")),
            "[0,-1,42,9007199254740992,-9007199254740992]");
  EXPECT_FALSE(CanonicalJson(json(std::uint64_t{9007199254740993})).ok());
  EXPECT_FALSE(CanonicalJson(json(std::int64_t{-9007199254740993})).ok());
}

TEST(CanonicalJsonTest, RejectsWhatCannotBeCanonical) {
  for (const char* bad :
       {"\xff", "a\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82", "\xC3"}) {
    EXPECT_FALSE(CanonicalJson(json(std::string(bad))).ok()) << bad;
    json object = json::object();
    object[std::string(bad)] = 1;
    EXPECT_FALSE(CanonicalJson(object).ok()) << bad;
  }
  EXPECT_FALSE(CanonicalJson(json(std::numeric_limits<double>::infinity())).ok());
  EXPECT_FALSE(CanonicalJson(json(std::numeric_limits<double>::quiet_NaN())).ok());
  EXPECT_FALSE(CanonicalJson(json::binary({1, 2, 3})).ok());
}

}  // namespace
}  // namespace helsekrav::trust
