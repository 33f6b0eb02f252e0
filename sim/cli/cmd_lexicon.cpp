// simdesk lexicon synonyms WORD...: WordNet's synonyms of each word (Debian's wordnet-base, read
// from /usr/share/wordnet at authoring time), so an author grows a lexicon by meaning rather than
// by the phrases of one evaluation set. simdesk never reads WordNet while scoring: an author
// reviews the list and adds what fits to rubrics/lexicons/*.json, where stems then match the forms.
#include "cli.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace simdesk::cli {

namespace {

constexpr const char* kWordNet = "/usr/share/wordnet";

std::string lowerWord(std::string word) {
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::replace(word.begin(), word.end(), ' ', '_');
    return word;
}

/// The synset offsets of `lemma` in index.<pos> (a sorted file: one line per lemma).
std::vector<long> synsetOffsets(const std::string& indexFile, const std::string& lemma) {
    std::ifstream in(indexFile);
    std::vector<long> out;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == ' ' || line.compare(0, lemma.size() + 1, lemma + " ") != 0) continue;
        std::istringstream fields(line);
        std::string word, pos;
        int synsets = 0, pointers = 0;
        fields >> word >> pos >> synsets >> pointers;
        for (int i = 0; i < pointers; ++i) fields >> word;  // pointer symbols
        int senses = 0, tagged = 0;
        fields >> senses >> tagged;
        for (long offset; out.size() < size_t(synsets) && fields >> offset;) out.push_back(offset);
        break;
    }
    return out;
}

/// The words of the synset at `offset` in data.<pos>.
std::vector<std::string> synsetWords(const std::string& dataFile, long offset) {
    std::ifstream in(dataFile);
    in.seekg(offset);
    std::string line;
    std::getline(in, line);
    std::istringstream fields(line);
    std::string skip, count;
    fields >> skip >> skip >> skip >> count;  // offset, lexicographer file, synset type, word count (hex)
    std::vector<std::string> words;
    int n = 0;
    try {
        n = std::stoi(count, nullptr, 16);
    } catch (...) {
        return words;
    }
    for (int i = 0; i < n && i < 100; ++i) {
        std::string word, lexId;
        if (!(fields >> word >> lexId)) break;
        if (auto paren = word.find('('); paren != std::string::npos) word.resize(paren);  // "good(a)"
        std::replace(word.begin(), word.end(), '_', ' ');
        words.push_back(word);
    }
    return words;
}

} // namespace

int lexiconSynonyms(const std::vector<std::string>& words, Io io) {
    std::error_code ec;
    if (!std::filesystem::is_directory(kWordNet, ec)) {
        io.err << "simdesk lexicon synonyms: WordNet is not installed (" << kWordNet
               << "); scripts/install-deps.sh installs wordnet-base\n";
        return kExitFailure;
    }
    for (const auto& raw : words) {
        std::string lemma = lowerWord(raw);
        std::set<std::string> found;
        for (const char* pos : {"noun", "verb", "adj", "adv"}) {
            std::string base = std::string(kWordNet) + "/";
            for (long offset : synsetOffsets(base + "index." + pos, lemma))
                for (auto& w : synsetWords(base + "data." + pos, offset))
                    if (lowerWord(w) != lemma) found.insert(w);
        }
        io.out << raw << ":";
        if (found.empty()) io.out << " (no synonyms in WordNet)";
        for (const auto& w : found) io.out << " " << (w.find(' ') != std::string::npos ? "\"" + w + "\"" : w);
        io.out << "\n";
    }
    return kExitOk;
}

} // namespace simdesk::cli
