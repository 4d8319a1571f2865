// Runs a fuzz target over the files given on the command line (the committed corpus), so the
// test build checks every corpus input under ASan and UBSan without needing libFuzzer.
// With clang, build the same targets with -fsanitize=fuzzer instead to fuzz for real.
//
// `--max-rss-growth-mb=N` first makes a blow-up a failure: an empty input is run first, so that
// what a target builds once (a catalog snapshot, say) is in the baseline; after each input the
// process's peak resident memory must stay within N MB of that baseline, and the input that
// crossed it is named. (CTest also sets ASan's hard_rss_limit_mb, which kills a run that grows
// far past it before the input returns.)
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
  long max_growth_mb = 0;
  int first = 1;
  const std::string kFlag = "--max-rss-growth-mb=";
  if (argc > 1 && std::string(argv[1]).rfind(kFlag, 0) == 0) {
    max_growth_mb = std::strtol(argv[1] + kFlag.size(), nullptr, 10);
    first = 2;
  }
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(""), 0);
  const long baseline_mb = PeakRssMb();
  int ran = 0;
  for (int i = first; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    ++ran;
    if (max_growth_mb > 0 && PeakRssMb() - baseline_mb > max_growth_mb) {
      std::fprintf(stderr, "FAIL: %s raised peak memory from %ld to %ld MB (growth limit %ld MB)\n",
                   argv[i], baseline_mb, PeakRssMb(), max_growth_mb);
      return 1;
    }
  }
  std::printf("replayed %d inputs, peak memory %ld MB (%ld MB after the empty input)\n", ran,
              PeakRssMb(), baseline_mb);
  return ran > 0 ? 0 : 1;
}
