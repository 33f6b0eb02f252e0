#include "cli.hpp"
#include "report.hpp"

#include "core/player.hpp"
#include "core/scoring.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

namespace simdesk::cli {

using nlohmann::json;

namespace {

/// 2026-01-05 09:00:00 UTC: scripted plays start here unless the script says otherwise, so a
/// script always produces the same transcript.
constexpr int64_t kDefaultScriptStart = 1767603600;
constexpr double kDefaultActionSeconds = 30;

struct ScriptAction {
    std::optional<std::string> choiceId;
    std::optional<int> choiceNumber;  ///< 1-based among the visible choices
    std::optional<std::string> reply;
    double seconds = kDefaultActionSeconds;
};

struct Script {
    int64_t start = kDefaultScriptStart;
    std::vector<ScriptAction> actions;
};

Result<Script> parseScript(const std::string& text, const std::string& name) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return fail(name + ": not valid JSON; expected a script such as {\"actions\": [{\"choice\": \"apologise\"}]}");
    Script script;
    const json* actions = &j;
    if (j.is_object()) {
        if (j.contains("start") && !j["start"].is_number_integer()) return fail(name + ": /start: expected seconds since the epoch");
        script.start = j.value("start", kDefaultScriptStart);
        if (!j.contains("actions")) return fail(name + ": missing \"actions\"");
        actions = &j["actions"];
    }
    if (!actions->is_array()) return fail(name + ": expected a list of actions");
    for (size_t i = 0; i < actions->size(); ++i) {
        const json& a = (*actions)[i];
        std::string where = name + ": /actions/" + std::to_string(i);
        if (!a.is_object()) return fail(where + ": expected an object with \"choice\" or \"reply\"");
        ScriptAction action;
        if (a.contains("choice")) {
            if (a["choice"].is_string()) action.choiceId = a["choice"].get<std::string>();
            else if (a["choice"].is_number_integer()) action.choiceNumber = a["choice"].get<int>();
            else return fail(where + "/choice: expected a choice id or its number");
        } else if (a.contains("reply")) {
            if (!a["reply"].is_string()) return fail(where + "/reply: expected the reply text");
            action.reply = a["reply"].get<std::string>();
        } else {
            return fail(where + ": expected \"choice\" or \"reply\"");
        }
        if (a.contains("seconds")) {
            if (!a["seconds"].is_number() || a["seconds"].get<double>() < 0)
                return fail(where + "/seconds: expected zero or more seconds");
            action.seconds = a["seconds"].get<double>();
        }
        script.actions.push_back(std::move(action));
    }
    return script;
}

void printPrompt(std::ostream& out, const TurnPrompt& prompt) {
    if (!prompt.prompt.empty()) out << "\n" << prompt.prompt << "\n";
    if (prompt.kind == TurnPrompt::Kind::FreeText) {
        out << "Type your reply (one line):\n> " << std::flush;
        return;
    }
    for (size_t i = 0; i < prompt.choices.size(); ++i) {
        const ChoiceView& c = prompt.choices[i];
        out << "  " << (i + 1) << ") " << c.text;
        if (!c.enabled) out << "  [unavailable" << (c.unavailableReason.empty() ? "" : ": " + c.unavailableReason) << "]";
        out << "\n";
    }
    out << "Choose 1-" << prompt.choices.size() << " (q to stop): " << std::flush;
}

Result<StepResult> applyAction(PlaySession& session, const ScriptAction& action, int64_t now) {
    TurnPrompt prompt = session.prompt();
    if (action.reply) return session.reply(*action.reply, action.seconds, now);
    if (action.choiceNumber) {
        int n = *action.choiceNumber;
        if (n < 1 || n > static_cast<int>(prompt.choices.size()))
            return fail("choice " + std::to_string(n) + " is out of range; expected 1 to " +
                        std::to_string(prompt.choices.size()));
        return session.choose(prompt.choices[static_cast<size_t>(n - 1)].id, action.seconds, now);
    }
    return session.choose(*action.choiceId, action.seconds, now);
}

int64_t wallClock() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// Reads actions from the terminal until the conversation ends or the trainee stops.
bool playInteractively(PlaySession& session, const PlayOptions& options, Io io) {
    for (const auto& e : session.transcript().entries) printEntry(io.out, session.scenario(), e);
    while (!session.finished()) {
        TurnPrompt prompt = session.prompt();
        printPrompt(io.out, prompt);
        auto asked = std::chrono::steady_clock::now();
        std::string line;
        if (!std::getline(io.in, line) || line == "q") return false;
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count();
        ScriptAction action;
        action.seconds = seconds;
        if (prompt.kind == TurnPrompt::Kind::FreeText) {
            action.reply = line;
        } else {
            try {
                action.choiceNumber = std::stoi(line);
            } catch (const std::exception&) {
                action.choiceId = line;
            }
        }
        auto step = applyAction(session, action, wallClock());
        if (!step) {
            io.out << "  (" << step.error().message << ")\n";
            continue;
        }
        for (const auto& e : step->entries) printEntry(io.out, session.scenario(), e);
        if (options.mode == "practice") printFeedback(io.out, step->feedback);
    }
    return true;
}

bool writeFile(const std::string& path, const std::string& text, Io io) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
        io.err << "simdesk play: cannot write " << path << "\n";
        return false;
    }
    return true;
}

} // namespace

int play(const GlobalOptions& global, const PlayOptions& options, Io io) {
    SchemaChecker schemas;
    std::vector<std::filesystem::path> extra;
    if (std::filesystem::exists(options.scenario)) extra.push_back(options.scenario);
    ContentLibrary library = loadLibrary(global, extra, schemas);
    ScenarioPtr scenario = library.findScenarioByIdOrPath(options.scenario);
    if (!scenario) {
        printDiagnostics(io.err, library.diagnostics);
        io.err << "simdesk play: no valid scenario \"" << options.scenario << "\"\n";
        return kExitFailure;
    }
    RubricPtr rubric = library.findRubric(scenario->rubricId);

    std::optional<Script> script;
    bool fromScript = !options.script.empty() || !io.interactive;
    if (fromScript) {
        std::string text, name = options.script.empty() || options.script == "-" ? "stdin" : options.script;
        if (name == "stdin") {
            std::stringstream buffer;
            buffer << io.in.rdbuf();
            text = buffer.str();
        } else {
            std::ifstream in(options.script, std::ios::binary);
            if (!in) {
                io.err << "simdesk play: cannot read script " << options.script << "\n";
                return kExitFailure;
            }
            std::stringstream buffer;
            buffer << in.rdbuf();
            text = buffer.str();
        }
        auto parsed = parseScript(text, name);
        if (!parsed) {
            io.err << "simdesk play: " << parsed.error().message << "\n";
            return kExitFailure;
        }
        script = std::move(*parsed);
    }

    int64_t now = script ? script->start : wallClock();
    auto session = PlaySession::start(scenario, now);
    if (!session) {
        io.err << "simdesk play: " << session.error().message << "\n";
        return kExitFailure;
    }
    if (!options.json) printScenarioHeader(io.out, *scenario);

    std::vector<std::vector<TurnFeedback>> feedbackByTurn;
    if (script) {
        for (size_t i = 0; i < script->actions.size(); ++i) {
            if (session->finished()) {
                io.err << "simdesk play: script action " << i << ": the conversation has already ended\n";
                return kExitFailure;
            }
            now += static_cast<int64_t>(script->actions[i].seconds);
            auto step = applyAction(*session, script->actions[i], now);
            if (!step) {
                io.err << "simdesk play: script action " << i << " at node \"" << session->prompt().nodeId
                       << "\": " << step.error().message << "\n";
                return kExitFailure;
            }
            feedbackByTurn.push_back(step->feedback);
        }
        if (!options.json) {
            size_t turn = 0;
            for (const auto& e : session->transcript().entries) {
                printEntry(io.out, *scenario, e);
                bool trainee = e.kind == EntryKind::TraineeChoice || e.kind == EntryKind::TraineeReply;
                if (trainee && options.mode == "practice" && turn < feedbackByTurn.size())
                    printFeedback(io.out, feedbackByTurn[turn++]);
            }
        }
    } else if (!playInteractively(*session, options, io)) {
        io.out << "\nStopped before the end; the score below covers the turns played.\n";
    }

    if (!options.save.empty() && !writeFile(options.save, session->save().dump(2) + "\n", io)) return kExitFailure;
    if (!rubric) {
        io.err << "simdesk play: rubric \"" << scenario->rubricId << "\" is not loaded; cannot score\n";
        return kExitFailure;
    }
    auto card = scoreTranscript(*scenario, *rubric, session->transcript());
    if (!card) {
        io.err << "simdesk play: " << card.error().message << "\n";
        return kExitFailure;
    }
    if (options.json) {
        io.out << json{{"transcript", transcriptToJson(session->transcript())}, {"score", scoreCardToJson(*card)}}.dump(2)
               << "\n";
    } else {
        printScoreCard(io.out, *card, *scenario, session->transcript());
    }
    return kExitOk;
}

} // namespace simdesk::cli
