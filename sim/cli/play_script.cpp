#include "play_script.hpp"

#include <nlohmann/json.hpp>

#include <limits>

namespace simdesk::cli {

using nlohmann::json;

namespace {

/// The start time, refused (naming /start and echoing the number as written) when out of range.
Result<int64_t> scriptStart(const json& start, const std::string& name) {
    if (!start.is_number_integer()) return fail(name + ": /start: expected seconds since the epoch");
    bool inRange = start.is_number_unsigned() ? start.get<uint64_t>() <= static_cast<uint64_t>(kMaxScriptStart)
                                              : start.get<int64_t>() >= 0 && start.get<int64_t>() <= kMaxScriptStart;
    if (!inRange)
        return fail(name + ": /start: " + start.dump() + " is out of range; expected seconds since the epoch from 0 to " +
                    std::to_string(kMaxScriptStart) + " (the end of year 9999)");
    return start.get<int64_t>();
}

/// A choice by id, or by its number on screen (which must fit an int; the play checks it is shown).
Status readChoice(const json& choice, const std::string& where, ScriptAction& action) {
    if (choice.is_string()) {
        action.choiceId = choice.get<std::string>();
        return Ok{};
    }
    if (!choice.is_number_integer()) return fail(where + "/choice: expected a choice id or its number");
    bool fits = choice.is_number_unsigned()
                    ? choice.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int>::max())
                    : choice.get<int64_t>() >= std::numeric_limits<int>::min() &&
                          choice.get<int64_t>() <= std::numeric_limits<int>::max();
    if (!fits)
        return fail(where + "/choice: choice " + choice.dump() +
                    " is out of range; expected a choice id or the number of a choice shown (1, 2, ...)");
    action.choiceNumber = choice.get<int>();
    return Ok{};
}

Status readSeconds(const json& seconds, const std::string& where, ScriptAction& action) {
    if (!seconds.is_number() || seconds.get<double>() < 0) return fail(where + "/seconds: expected zero or more seconds");
    double value = seconds.get<double>();
    if (!(value <= kMaxActionSeconds))  // also refuses an infinity from an overflowing literal
        return fail(where + "/seconds: " + seconds.dump() + " is out of range; expected at most " +
                    std::to_string(static_cast<int64_t>(kMaxActionSeconds)) + " seconds (a year)");
    action.seconds = value;
    return Ok{};
}

Result<ScriptAction> readAction(const json& a, const std::string& where) {
    if (!a.is_object()) return fail(where + ": expected an object with \"choice\" or \"reply\"");
    ScriptAction action;
    if (a.contains("choice")) {
        if (auto read = readChoice(a["choice"], where, action); !read) return read.error();
    } else if (a.contains("reply")) {
        if (!a["reply"].is_string()) return fail(where + "/reply: expected the reply text");
        action.reply = a["reply"].get<std::string>();
    } else {
        return fail(where + ": expected \"choice\" or \"reply\"");
    }
    if (a.contains("seconds"))
        if (auto read = readSeconds(a["seconds"], where, action); !read) return read.error();
    return action;
}

} // namespace

Result<Script> parseScript(const std::string& text, const std::string& name) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return fail(name + ": not valid JSON; expected a script such as {\"actions\": [{\"choice\": \"apologise\"}]}");
    Script script;
    const json* actions = &j;
    if (j.is_object()) {
        if (j.contains("start")) {
            auto start = scriptStart(j["start"], name);
            if (!start) return start.error();
            script.start = *start;
        }
        if (!j.contains("actions")) return fail(name + ": missing \"actions\"");
        actions = &j["actions"];
    }
    if (!actions->is_array()) return fail(name + ": expected a list of actions");
    for (size_t i = 0; i < actions->size(); ++i) {
        auto action = readAction((*actions)[i], name + ": /actions/" + std::to_string(i));
        if (!action) return action.error();
        script.actions.push_back(std::move(*action));
    }
    return script;
}

} // namespace simdesk::cli
