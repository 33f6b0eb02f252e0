// RegexPrefilter (regex_prefilter.hpp).
#include "regex_prefilter.hpp"

#include <re2/filtered_re2.h>
#include <re2/re2.h>

namespace simdesk {

RegexPrefilter::RegexPrefilter() = default;
RegexPrefilter::~RegexPrefilter() = default;

std::shared_ptr<const RegexPrefilter> RegexPrefilter::build(const std::string& pattern, bool caseSensitive,
                                                            int64_t maxMemory) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(caseSensitive);
    options.set_max_mem(maxMemory);
    auto built = std::make_shared<RegexPrefilter>();
    // Atoms of any length: a short word still tells replies apart, and looking for it is cheap.
    built->filter_ = std::make_unique<re2::FilteredRE2>(1);
    int id = 0;
    if (built->filter_->Add(pattern, options, &id) != RE2::NoError) return nullptr;
    built->filter_->Compile(&built->atoms_);
    return built;
}

const re2::RE2& RegexPrefilter::regex() const { return filter_->GetRE2(0); }

bool RegexPrefilter::mayMatch(const PrefilterText& reply) const {
    if (!reply.ascii()) return true;
    std::vector<int> present;
    for (size_t i = 0; i < atoms_.size(); ++i)
        if (reply.contains(atoms_[i])) present.push_back(static_cast<int>(i));
    std::vector<int> potential;
    filter_->AllPotentials(present, &potential);
    return !potential.empty();
}

PrefilterText::PrefilterText(std::string_view reply) : lowered_(reply), ascii_(true) {
    for (char& c : lowered_) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            lowered_.clear();
            ascii_ = false;
            return;
        }
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    for (size_t i = 0; i + 1 < lowered_.size(); ++i) {
        const size_t bit = pairBit(lowered_[i], lowered_[i + 1]);
        pairs_[bit / 64] |= uint64_t{1} << (bit % 64);
    }
}

bool PrefilterText::contains(std::string_view word) const {
    for (size_t i = 0; i + 1 < word.size(); ++i) {
        const size_t bit = pairBit(word[i], word[i + 1]);
        if (!(pairs_[bit / 64] >> (bit % 64) & 1)) return false;
    }
    return lowered_.find(word) != std::string::npos;
}

} // namespace simdesk
