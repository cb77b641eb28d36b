// Texts reaching gnuplot as data only (analysis/gnuplot.hpp): the literal a text becomes, what
// gnuplot 5.4 reads back from it, and a figure drawn from its own folder.
#include "analysis/gnuplot.hpp"

#include <algorithm>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/error.hpp"
#include "sim/temporary_folder.hpp"
#include "tests/support/file_bytes.hpp"

namespace fs = std::filesystem;
using analysis::gnuplot_string;
using test_support::file_bytes;

namespace {

// Whether `s` is well-formed UTF-8 holding no control character (C0, DEL, C1).
bool clean_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80                 ? 1
                    : b >= 0xC2 && b <= 0xDF ? 2
                    : b >= 0xE0 && b <= 0xEF ? 3
                    : b >= 0xF0 && b <= 0xF4 ? 4
                                             : 0;
    if (n == 0 || i + n > s.size()) return false;
    char32_t c = n == 1 ? b : b & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
      const auto t = static_cast<unsigned char>(s[i + k]);
      if ((t & 0xC0) != 0x80) return false;
      c = (c << 6) | (t & 0x3F);
    }
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF ||
        (n == 3 && c < 0x800) || (n == 4 && c < 0x10000))
      return false;
    i += n;
  }
  return true;
}

const std::string kFFFD = "\xEF\xBF\xBD", kQuote = "\xE2\x80\x99";  // U+FFFD, U+2019

// Where gnuplot 5.4's scanner (scanner.c) ends the single-quoted string that starts at s[0]: at the
// next quote, but a '' is taken in when it looks ahead to it from the character before.
std::size_t end_of_string(const std::string& s) {
  std::size_t current = 0;
  while (++current < s.size() && s[current] != '\'')
    if (current + 2 < s.size() && s[current + 1] == '\'' && s[current + 2] == '\'') current += 2;
  return current;
}

fs::path gnuplot() {
  const auto found = analysis::find_gnuplot();
  REQUIRE(found);  // scripts/setup.sh installs gnuplot-nox
  return *found;
}

}  // namespace

TEST_CASE("a text becomes a single-quoted gnuplot string with ' doubled", "[gnuplot]") {
  CHECK(gnuplot_string("jobs (employees)") == "'jobs (employees)'");
  CHECK(gnuplot_string("the project's clients") == "'the project''s clients'");
  // gnuplot 5.4 reads '''a' and 'a''''b' wrongly: a quote that starts the text or follows another
  // is not doubled but written as U+2019.
  CHECK(gnuplot_string("'a") == "'" + kQuote + "a'");
  CHECK(gnuplot_string("a''b'''") == "'a''" + kQuote + "b''" + kQuote + kQuote + "'");
  CHECK(gnuplot_string("''") == "'" + kQuote + kQuote + "'");
  CHECK(gnuplot_string("") == "''");
  // What gnuplot would read inside double quotes or at the command level, kept as it is.
  CHECK(gnuplot_string("\"`touch x`\" @cmd \\n \\' # ;") == "'\"`touch x`\" @cmd \\n \\'' # ;'");
  CHECK(gnuplot_string("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") ==
        "'caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80'");
}

TEST_CASE("no character in a text can end its gnuplot string or line", "[gnuplot]") {
  CHECK(gnuplot_string("a\nsystem(\"touch x\")\n#") == "'a system(\"touch x\") #'");
  CHECK(gnuplot_string(std::string("\r\t\0\x7F\x1B[2J", 8)) == "'" + std::string(5, ' ') + "[2J'");
  CHECK(gnuplot_string("\xC2\x85 \xC2\x9F") == "'   '");  // C1: NEL and APC, as spaces
  CHECK(gnuplot_string("x'\n!touch x\n'") == "'x'' !touch x '''");
}

TEST_CASE("what is not UTF-8 becomes U+FFFD, and the end of a CDATA is broken: the SVG is XML",
          "[gnuplot]") {
  CHECK(gnuplot_string("a\xFF"
                       "b") == "'a" + kFFFD + "b'");
  CHECK(gnuplot_string("\xC0\xAF") == "'" + kFFFD + kFFFD + "'");               // overlong '/'
  CHECK(gnuplot_string("\xED\xA0\x80") == "'" + kFFFD + kFFFD + kFFFD + "'");   // a surrogate
  CHECK(gnuplot_string("\xE2\x82") == "'" + kFFFD + kFFFD + "'");               // cut short
  CHECK(gnuplot_string("\xF4\x90\x80\x80").find("\xF4") == std::string::npos);  // > U+10FFFF
  CHECK(gnuplot_string("\xEF\xBF\xBF") == "'" + kFFFD + "'");                   // U+FFFF
  CHECK(gnuplot_string("a]]>b ]]]>") == "'a]] >b ]]] >'");
}

TEST_CASE("any bytes give a string gnuplot reads to its end, on one line, as valid UTF-8",
          "[gnuplot]") {
  boost::random::mt19937 engine(20);
  boost::random::uniform_int_distribution<int> byte(0, 255), length(0, 40);
  const std::string specials = "'\"`@\\\n\r]>";
  for (int k = 0; k < 5000; ++k) {
    std::string text;
    for (int n = length(engine), i = 0; i < n; ++i)
      text += k % 2 ? static_cast<char>(byte(engine))
                    : specials[static_cast<std::size_t>(byte(engine)) % specials.size()];
    const std::string s = gnuplot_string(text);
    REQUIRE(s.size() >= 2);
    REQUIRE(s.front() == '\'');
    REQUIRE(s.back() == '\'');
    REQUIRE(end_of_string(s) == s.size() - 1);
    REQUIRE(clean_utf8(s));
    REQUIRE(s.find("]]>") == std::string::npos);
  }
}

TEST_CASE(
    "a label in a data file is a double-quoted field with no double quote, backslashes doubled",
    "[gnuplot]") {
  CHECK(analysis::data_field("market_growth") == "\"market_growth\"");
  CHECK(analysis::data_field("a\"b\\n\nc\xFF") == "\"a'b\\\\n c" + kFFFD + "\"");
}

TEST_CASE("gnuplot 5.4 reads the string back as the text, running and expanding nothing",
          "[gnuplot]") {
  const sim::TemporaryFolder dir("twinsim-test-");
  const std::string marker = (dir.path() / "MARKER").string();
  const std::vector<std::string> texts = {
      "a\nsystem(\"touch " + marker + "\")\n#",
      "`touch " + marker + "`",
      "x'; system('touch " + marker + "'); '",
      "@cmd and @cmd2",
      "\\' \\n \\\\ \" \"\"",
      std::string("nul") + '\0' + "and\x1B[31m red\r",
      "bad \xFF\xFE and ]]> here",
      "'' and ''' at '",
  };
  {
    std::ofstream script(dir.path() / "read.gp");
    script << "cmd = 'print \"expanded\"'\n";
    for (const std::string& t : texts) script << "print " << gnuplot_string(t) << "\n";
    // The controls: the same in double quotes runs the command, and a macro at the command level
    // expands; so a marker missing after the lines above is the single quotes' doing.
    script << "print \"`touch " << marker << ".control`\"\n@cmd\n";
  }
  REQUIRE(analysis::run_gnuplot(gnuplot(), dir.path(), "read.gp", dir.path() / "read.log"));
  std::istringstream log(file_bytes(dir.path() / "read.log"));
  std::vector<std::string> lines;
  for (std::string line; std::getline(log, line);) lines.push_back(line);
  REQUIRE(lines.size() == texts.size() + 2);
  CHECK(lines[0] == "a system(\"touch " + marker + "\") #");
  CHECK(lines[1] == "`touch " + marker + "`");
  CHECK(lines[2] == "x'; system('touch " + marker + "'); '");
  CHECK(lines[3] == "@cmd and @cmd2");
  CHECK(lines[4] == "\\' \\n \\\\ \" \"\"");
  CHECK(lines[5] == "nul and [31m red ");
  CHECK(lines[6] == "bad " + kFFFD + kFFFD + " and ]] > here");
  CHECK(lines[7] == kQuote + kQuote + " and '" + kQuote + kQuote + " at '");
  CHECK(lines[9] == "expanded");
  CHECK_FALSE(fs::exists(marker));
  CHECK(fs::exists(marker + ".control"));
}

TEST_CASE("a figure is drawn in its folder, by a script that names only its own files",
          "[gnuplot]") {
  const sim::TemporaryFolder parent("twinsim-test-");
  // A folder name gnuplot would choke on, were it in the script.
  const fs::path dir = parent.path() / "it's a \"folder\"\n`touch MARKER` \\ @x";
  fs::create_directory(dir);
  analysis::Figure figure(dir, "hostile_title");
  figure.open_data() << "1 2\n2 3\n";
  figure.draw(gnuplot(),
              analysis::figure_style("caption\n!touch MARKER") + "set title " +
                  gnuplot_string("title') ; system('touch MARKER") + "\nplot " + figure.data() +
                  " using 1:2 with lines title " + gnuplot_string("a\xFF]]>b") + "\n",
              "a test\nsystem('touch MARKER')");
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path().filename());
  std::sort(files.begin(), files.end());
  CHECK(files == std::vector<std::string>{"hostile_title.dat", "hostile_title.gp",
                                          "hostile_title.png", "hostile_title.svg"});
  const std::string script = file_bytes(dir / "hostile_title.gp");
  CHECK(script.find(parent.path().string()) == std::string::npos);
  CHECK(script.find("set output 'hostile_title.png'") != std::string::npos);
  CHECK(file_bytes(dir / "hostile_title.svg").find("a" + kFFFD + "]] >b") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "MARKER"));
  CHECK_FALSE(fs::exists(parent.path() / "MARKER"));

  // As its first line says: `gnuplot NAME.gp` in the folder draws it again.
  fs::remove(dir / "hostile_title.png");
  CHECK(analysis::run_gnuplot(gnuplot(), dir, "hostile_title.gp", parent.path() / "again.log"));
  CHECK(fs::exists(dir / "hostile_title.png"));
  CHECK_FALSE(fs::exists(dir / "MARKER"));
}

TEST_CASE("a figure gnuplot cannot draw leaves the figures there as they were", "[gnuplot]") {
  const sim::TemporaryFolder dir("twinsim-test-");
  std::ofstream(dir.path() / "broken.png") << "the figure drawn before";
  analysis::Figure figure(dir.path(), "broken");
  figure.open_data() << "1 2\n";
  CHECK_THROWS_WITH(
      figure.draw(gnuplot(), "plot " + figure.data() + " using 1:2 with nonsense\n", "a test"),
      Catch::Contains("gnuplot failed on") && Catch::Contains("broken.gp"));
  CHECK(file_bytes(dir.path() / "broken.png") == "the figure drawn before");
  CHECK_FALSE(fs::exists(dir.path() / "broken.svg"));
  CHECK(fs::exists(dir.path() / "broken.gp"));
  CHECK(fs::exists(dir.path() / "broken.gnuplot.log"));
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path())) ++entries;
  CHECK(entries == 4);  // png, gp, dat, log: no private folder left
}

TEST_CASE("a figure is refused a name that is not a plain file name", "[gnuplot]") {
  const sim::TemporaryFolder dir("twinsim-test-");
  for (const char* name : {"../escape", "a/b", "..", ".hidden", "-o", "", "a b", "a\nb"})
    CHECK_THROWS_AS(analysis::Figure(dir.path(), name), sim::InputError);
  CHECK(fs::is_empty(dir.path()));
}
