#include "support/test_postgres.h"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace helsekrav::testing {
namespace fs = std::filesystem;

namespace {

std::string FindBinDir() {
  std::error_code ec;
  std::string best;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    fs::path bin = entry.path() / "bin";
    if (fs::exists(bin / "initdb") && bin.string() > best) best = bin.string();
  }
  return best;
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    return -1;
  }
  close(fd);
  return ntohs(addr.sin_port);
}

// initdb refuses to run as root; then the server runs as the postgres user.
std::string AsServerUser(const std::string& command) {
  if (geteuid() != 0) return command;
  return "runuser -u postgres -- " + command;
}

int Run(const std::string& command) {
  return std::system(command.c_str());
}  // NOLINT(cert-env33-c)

}  // namespace

Result<std::unique_ptr<TestPostgres>> TestPostgres::Start() {
  std::string bin = FindBinDir();
  if (bin.empty())
    return Status::Unavailable("PostgreSQL is not installed (apt-get install postgresql)");
  char tmpl[] = "/tmp/helsekrav-pg-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return Status::Unavailable("mkdtemp failed");
  std::string dir = tmpl;
  if (geteuid() == 0 && Run("chown postgres: " + dir) != 0) {
    return Status::Unavailable("cannot give " + dir + " to the postgres user");
  }
  int port = FreePort();
  if (port <= 0) return Status::Unavailable("no free port");
  std::string data = dir + "/data";
  if (Run(AsServerUser(bin + "/initdb -D " + data +
                       " --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 > " + dir +
                       "/initdb.log 2>&1")) != 0) {
    return Status::Unavailable("initdb failed; see " + dir + "/initdb.log");
  }
  std::string options = "-c listen_addresses=127.0.0.1 -p " + std::to_string(port) + " -k " + dir +
                        " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
  if (Run(AsServerUser(bin + "/pg_ctl -D " + data + " -l " + dir + "/server.log -w -o \"" +
                       options + "\" start > /dev/null")) != 0) {
    return Status::Unavailable("pg_ctl start failed; see " + dir + "/server.log");
  }
  return std::unique_ptr<TestPostgres>(new TestPostgres(bin, dir, port));
}

TestPostgres::~TestPostgres() {
  Run(AsServerUser(bin_ + "/pg_ctl -D " + dir_ + "/data -m immediate -w stop > /dev/null 2>&1"));
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

Result<std::string> TestPostgres::CreateDatabase(const std::string& name) {
  std::string base = "postgresql://postgres@127.0.0.1:" + std::to_string(port_);
  PGconn* conn = PQconnectdb((base + "/postgres").c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    return Status::Unavailable(msg);
  }
  // `name` comes from the test itself, never from input; identifiers cannot be bound.
  PGresult* res = PQexec(conn, ("CREATE DATABASE \"" + name + "\"").c_str());
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  std::string msg = PQresultErrorMessage(res);
  PQclear(res);
  PQfinish(conn);
  if (!ok) return Status::Unavailable(msg);
  return base + "/" + name;
}

TestPostgres& SharedTestPostgres() {
  static std::unique_ptr<TestPostgres> server = [] {
    auto started = TestPostgres::Start();
    if (!started.ok()) throw std::runtime_error(started.status().message());
    return std::move(started).value();
  }();
  return *server;
}

}  // namespace helsekrav::testing
