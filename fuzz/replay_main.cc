// Runs a fuzz target over the files given on the command line (the committed corpus), so the
// test build checks every corpus input under ASan and UBSan without needing libFuzzer.
// With clang, build the same targets with -fsanitize=fuzzer instead to fuzz for real.
//
// `--max-rss-mb=N` first makes a blow-up a failure: after each input the process's peak resident
// memory must stay under N MB, and the input that crossed it is named. (CTest also sets ASan's
// hard_rss_limit_mb, which kills a run that grows past the limit before the input returns.)
#include <sys/resource.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

long PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;  // Linux reports kilobytes
}

}  // namespace

int main(int argc, char** argv) {
  long max_rss_mb = 0;
  int first = 1;
  const std::string kFlag = "--max-rss-mb=";
  if (argc > 1 && std::string(argv[1]).rfind(kFlag, 0) == 0) {
    max_rss_mb = std::strtol(argv[1] + kFlag.size(), nullptr, 10);
    first = 2;
  }
  int ran = 0;
  for (int i = first; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    ++ran;
    if (max_rss_mb > 0 && PeakRssMb() > max_rss_mb) {
      std::fprintf(stderr, "FAIL: %s raised peak memory to %ld MB (limit %ld MB)\n", argv[i],
                   PeakRssMb(), max_rss_mb);
      return 1;
    }
  }
  std::printf("replayed %d inputs, peak memory %ld MB\n", ran, PeakRssMb());
  return ran > 0 ? 0 : 1;
}
