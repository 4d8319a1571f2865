// Form bodies: urlencoded and multipart parsing, including the malformed inputs browsers never
// send but attackers do.
#include "http/form.h"

#include <gtest/gtest.h>

namespace helsekrav::http {
namespace {

Request Post(std::string content_type, std::string body) {
  Request r;
  r.method = "POST";
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

TEST(FormTest, ParsesUrlEncodedWithRepeatsAndUtf8) {
  auto form = ParseForm(Post("application/x-www-form-urlencoded; charset=UTF-8",
                             "navn=Bl%C3%A5b%C3%A6r+AS&kat=a&kat=b&tom="));
  ASSERT_TRUE(form.ok()) << form.status().ToString();
  EXPECT_EQ(form->Get("navn"), "Blåbær AS");
  EXPECT_EQ(form->GetAll("kat"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(form->Has("tom"));
  EXPECT_EQ(form->Get("missing"), "");
}

TEST(FormTest, RejectsBadPercentEncoding) {
  auto form = ParseForm(Post("application/x-www-form-urlencoded", "a=%zz"));
  ASSERT_FALSE(form.ok());
  EXPECT_EQ(form.status().field(), "body");
}

TEST(FormTest, RejectsUnknownContentType) {
  EXPECT_FALSE(ParseForm(Post("application/json", "{}")).ok());
}

TEST(FormTest, ParsesMultipartFieldsAndFiles) {
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntoken\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"rapport; v2.pdf\"\r\n"
      "Content-Type: application/pdf\r\n\r\n%PDF_binary\r\n\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"tom\"; filename=\"\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\n\r\n"
      "--XyZ--\r\n";
  body[body.find("%PDF") + 4] = '\0';
  auto form = ParseForm(Post("multipart/form-data; boundary=XyZ", body));
  ASSERT_TRUE(form.ok()) << form.status().ToString();
  EXPECT_EQ(form->Get("csrf"), "token");
  ASSERT_EQ(form->files.size(), 1u);  // the empty upload is left out
  const FormFile* file = form->File("fil");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->file_name, "rapport; v2.pdf");
  EXPECT_EQ(file->content_type, "application/pdf");
  EXPECT_EQ(file->data, std::string("%PDF\0binary\r\n", 13));
}

TEST(FormTest, RejectsMultipartWithoutClosingBoundary) {
  std::string body = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue";
  EXPECT_FALSE(ParseForm(Post("multipart/form-data; boundary=B", body)).ok());
}

TEST(FormTest, RejectsMultipartWithoutBoundaryParameter) {
  EXPECT_FALSE(ParseForm(Post("multipart/form-data", "--B--")).ok());
}

TEST(FormTest, RejectsPartWithoutName) {
  std::string body = "--B\r\nContent-Disposition: form-data\r\n\r\nx\r\n--B--";
  EXPECT_FALSE(ParseForm(Post("multipart/form-data; boundary=B", body)).ok());
}

TEST(CookieTest, FindsCookieByExactName) {
  EXPECT_EQ(CookieValue("a=1; hk_session=abc; hk_session_x=no", "hk_session"), "abc");
  EXPECT_EQ(CookieValue("xhk_session=abc", "hk_session"), "");
  EXPECT_EQ(CookieValue("", "hk_session"), "");
}

TEST(CookieTest, SetCookieIsHttpOnlyAndLax) {
  std::string cookie = SetCookie("hk_session", "v", 60, true);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(cookie.find("Secure"), std::string::npos);
  EXPECT_NE(cookie.find("Max-Age=60"), std::string::npos);
  EXPECT_EQ(SetCookie("a", "b", -1, false).find("Secure"), std::string::npos);
}

TEST(LoggableTargetTest, RedactsOneTimeSecrets) {
  EXPECT_EQ(LoggableTarget("/nytt-passord?token=abc123"), "/nytt-passord?token=REDACTED");
  EXPECT_EQ(LoggableTarget("/logg-inn/oidc/x/tilbake?state=s1&code=c2&iss=https%3A%2F%2Fidp"),
            "/logg-inn/oidc/x/tilbake?state=REDACTED&code=REDACTED&iss=https%3A%2F%2Fidp");
  EXPECT_EQ(LoggableTarget("/krav?area=eu&q=token"), "/krav?area=eu&q=token");
  EXPECT_EQ(LoggableTarget("/krav"), "/krav");
}

TEST(SecurityReview, L8InvalidUtf8InTargetIsRejected) {
  for (const char* target : {"/api/v1/requirements/%FF%FE", "/api/v1/products/%FF", "/sok?q=%C3",
                             "/sok?q=%ED%A0%80", "/sok?%C0%AF=1", "/krav/%F4%90%80%80"}) {
    std::string path;
    std::multimap<std::string, std::string> query;
    EXPECT_FALSE(ParseTarget(target, path, query)) << target;
  }
  std::string path;
  std::multimap<std::string, std::string> query;
  ASSERT_TRUE(ParseTarget("/krav/bl%C3%A5?q=%F0%9F%98%80+%C3%A6", path, query));
  EXPECT_EQ(path, "/krav/blå");
  EXPECT_EQ(query.begin()->second, "😀 æ");
}

TEST(SecurityReview, L8InvalidUtf8InFormsIsRejected) {
  auto urlencoded = ParseForm(Post("application/x-www-form-urlencoded", "name=Produkt%FF"));
  ASSERT_FALSE(urlencoded.ok());
  EXPECT_EQ(urlencoded.status().code(), StatusCode::kInvalid);
  auto multipart = ParseForm(
      Post("multipart/form-data; boundary=B",
           "--B\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nProdukt\xff\r\n--B--"));
  ASSERT_FALSE(multipart.ok());
  // File contents are bytes, not text.
  auto file = ParseForm(Post("multipart/form-data; boundary=B",
                             "--B\r\nContent-Disposition: form-data; name=\"f\"; "
                             "filename=\"a.pdf\"\r\n\r\n\xff\xfe\r\n--B--"));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->files.size(), 1u);
}

}  // namespace
}  // namespace helsekrav::http
