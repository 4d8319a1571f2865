#include "domain/webhook_rules.h"

#include <gtest/gtest.h>

namespace helsekrav::domain {
namespace {

TEST(WebhookRulesTest, OnlyPublicAddressesArePublic) {
  for (const char* ip : {"8.8.8.8", "151.101.1.1", "2001:4860:4860::8888", "[2a00:1450::1]"}) {
    EXPECT_TRUE(IsPublicAddress(ip)) << ip;
  }
  for (const char* ip : {"10.0.0.1",
                         "10.255.255.255",
                         "172.16.0.1",
                         "172.31.255.1",
                         "192.168.1.1",
                         "127.0.0.1",
                         "127.8.9.10",
                         "169.254.169.254",
                         "100.64.0.1",
                         "0.0.0.0",
                         "224.0.0.1",
                         "255.255.255.255",
                         "192.0.2.10",
                         "198.51.100.1",
                         "203.0.113.5",
                         "::1",
                         "::",
                         "fe80::1",
                         "fc00::1",
                         "fd12::1",
                         "ff02::1",
                         "::ffff:10.0.0.1",
                         "::ffff:127.0.0.1",
                         "2001:db8::1",
                         "2002:a00:1::1",
                         "example.org",
                         "",
                         "1.2.3"}) {
    EXPECT_FALSE(IsPublicAddress(ip)) << ip;
  }
  // The neighbours of private ranges are public.
  EXPECT_TRUE(IsPublicAddress("172.32.0.1"));
  EXPECT_TRUE(IsPublicAddress("11.0.0.1"));
  EXPECT_TRUE(IsPublicAddress("::ffff:8.8.8.8"));
}

TEST(WebhookRulesTest, LoopbackAddresses) {
  EXPECT_TRUE(IsLoopbackAddress("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackAddress("127.1.2.3"));
  EXPECT_TRUE(IsLoopbackAddress("::1"));
  EXPECT_TRUE(IsLoopbackAddress("[::1]"));
  EXPECT_TRUE(IsLoopbackAddress("::ffff:127.0.0.1"));
  EXPECT_FALSE(IsLoopbackAddress("localhost"));
  EXPECT_FALSE(IsLoopbackAddress("10.0.0.1"));
  EXPECT_FALSE(IsLoopbackAddress("::2"));
}

TEST(WebhookRulesTest, ParsesUrls) {
  auto url = ParseWebhookUrl("HTTPS://Mottak.Example.ORG:8443/hk?x=1");
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "mottak.example.org");
  EXPECT_EQ(url->port, 8443);
  url = ParseWebhookUrl("http://[::1]:9000");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 9000);
  EXPECT_EQ(ParseWebhookUrl("https://example.org")->port, 443);
  EXPECT_EQ(ParseWebhookUrl("http://example.org")->port, 80);
  for (const char* bad :
       {"example.org", "ftp://example.org/", "https://", "https://:443/", "https://example.org:0/",
        "https://example.org:99999/", "https://example.org:8a/", "https://a@example.org/",
        "https://example.org/#frag", "https://exa mple.org/", "https://[::1/"}) {
    auto parsed = ParseWebhookUrl(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().field(), "url") << bad;
  }
}

TEST(WebhookRulesTest, ValidatesWebhookUrls) {
  EXPECT_TRUE(ValidateWebhookUrl("https://mottak.example.org/hk", false).ok());
  EXPECT_TRUE(ValidateWebhookUrl("https://8.8.8.8/hk", false).ok());
  for (const char* refused :
       {"http://mottak.example.org/hk", "http://10.0.0.1/", "https://10.0.0.1/",
        "http://127.0.0.1:8080/", "https://127.0.0.1/", "https://localhost/",
        "https://api.localhost/", "https://[fe80::1]/", "https://169.254.169.254/", ""}) {
    Status s = ValidateWebhookUrl(refused, false);
    EXPECT_EQ(s.code(), StatusCode::kInvalid) << refused;
    EXPECT_EQ(s.field(), "url") << refused;
  }
  // The test flag allows http to a loopback literal only.
  EXPECT_TRUE(ValidateWebhookUrl("http://127.0.0.1:8080/hk", true).ok());
  EXPECT_TRUE(ValidateWebhookUrl("http://[::1]:8080/hk", true).ok());
  EXPECT_FALSE(ValidateWebhookUrl("http://10.0.0.1/", true).ok());
  EXPECT_FALSE(ValidateWebhookUrl("http://localhost:8080/", true).ok());
  EXPECT_FALSE(ValidateWebhookUrl("http://example.org/", true).ok());
  std::string long_url = "https://example.org/" + std::string(kMaxWebhookUrlLength, 'a');
  EXPECT_NE(ValidateWebhookUrl(long_url, false).message().find("2000"), std::string::npos);
}

// Security review 2026-12, Info: numeric aliases of 127.0.0.1 were accepted at registration
// (only the check at send time refused them).
TEST(SecurityReview, InfoWebhookNumericAddressAliasesAreRefused) {
  for (const char* alias : {"https://0x7f000001/hk", "https://2130706433/hk", "https://127.1/hk",
                            "https://0177.0.0.1/hk", "https://8.8/hk"}) {
    Status s = ValidateWebhookUrl(alias, false);
    EXPECT_EQ(s.code(), StatusCode::kInvalid) << alias;
    EXPECT_NE(s.message().find("vanlig form"), std::string::npos) << alias;
  }
  EXPECT_TRUE(ValidateWebhookUrl("https://8.8.8.8/hk", false).ok());
  EXPECT_TRUE(ValidateWebhookUrl("https://1password.example/hk", false).ok());
}

TEST(WebhookRulesTest, ValidatesEventTypes) {
  EXPECT_TRUE(ValidateWebhookEventTypes({"approval.issued", "label.withdrawn"}).ok());
  EXPECT_EQ(ValidateWebhookEventTypes({}).field(), "event_types");
  EXPECT_EQ(ValidateWebhookEventTypes({"approval.issued", "approval.eaten"}).field(),
            "event_types[1]");
  EXPECT_EQ(ValidateWebhookEventTypes({"label.issued", "label.issued"}).field(), "event_types[1]");
  // The types the register's services write.
  for (const char* type :
       {"approval.issued", "approval.renewed", "approval.suspended", "approval.reinstated",
        "approval.revoked", "approval.expired", "approval.expiry_warning", "label.issued",
        "label.withdrawn", "declaration.published", "declaration.needs_review"}) {
    EXPECT_TRUE(IsWebhookEventType(type)) << type;
  }
  EXPECT_EQ(WebhookEventTypeOf("approval", "issued"), "approval.issued");
  EXPECT_FALSE(IsWebhookEventType("webhook.created"));
  for (const WebhookEventType& t : WebhookEventTypes()) EXPECT_FALSE(t.label.empty()) << t.type;
}

TEST(WebhookRulesTest, RetryDelaysGrowToTheCap) {
  EXPECT_EQ(WebhookRetryDelay(1), 30);
  EXPECT_EQ(WebhookRetryDelay(2), 120);
  EXPECT_EQ(WebhookRetryDelay(3), 480);
  EXPECT_EQ(WebhookRetryDelay(4), 1920);
  EXPECT_EQ(WebhookRetryDelay(5), 7680);
  EXPECT_EQ(WebhookRetryDelay(6), kWebhookMaxRetrySeconds);
  EXPECT_EQ(WebhookRetryDelay(100), kWebhookMaxRetrySeconds);
  for (int i = 1; i < kMaxWebhookAttempts; ++i) {
    EXPECT_LE(WebhookRetryDelay(i), WebhookRetryDelay(i + 1));
  }
}

}  // namespace
}  // namespace helsekrav::domain
