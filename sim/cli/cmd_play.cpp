#include "cli.hpp"
#include "store/pg.hpp"
#include "play_script.hpp"
#include "report.hpp"

#include "core/analysis.hpp"
#include "core/calendar.hpp"
#include "core/player.hpp"
#include "core/redaction.hpp"
#include "core/scoring.hpp"
#include "store/as_played.hpp"
#include "store/private_files.hpp"
#include "store/recorder.hpp"
#include "store/standing.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

namespace simdesk::cli {

using nlohmann::json;

namespace {

/// Shows the choices in `order` (the shuffled order a trainee sees; see presentationOrder).
void printPrompt(std::ostream& out, const TurnPrompt& prompt, const std::vector<size_t>& order,
                 std::string_view agentName) {
    if (!prompt.prompt.empty()) out << "\n" << prompt.prompt << "\n";
    if (prompt.kind == TurnPrompt::Kind::FreeText) {
        out << "Type your reply (one line):\n> " << std::flush;
        return;
    }
    for (size_t i = 0; i < order.size(); ++i) {
        const ChoiceView& c = prompt.choices[order[i]];
        out << "  " << (i + 1) << ") " << fillAgentName(c.text, agentName);
        if (!c.enabled) out << "  [unavailable" << (c.unavailableReason.empty() ? "" : ": " + c.unavailableReason) << "]";
        out << "\n";
    }
    out << "Choose 1-" << prompt.choices.size() << " (q to stop): " << std::flush;
}

/// A reply that matches exactly the rules a path step needs: the node's model answer when it does,
/// else one built from the rules' own phrases.
std::string replyFor(const Node& node, const std::vector<std::string>& rulesMatched) {
    std::set<std::string> wanted(rulesMatched.begin(), rulesMatched.end());
    auto matches = [&](const std::string& reply) {
        std::set<std::string> got;
        auto found = evaluateRules(node.rules, reply);
        for (size_t r = 0; r < found.size(); ++r)
            if (found[r].matched && !node.rules[r].inherited) got.insert(found[r].ruleId);
        return got == wanted;
    };
    // Filled with the default name: the name the bundled content's sign-off rules were written for.
    const std::string modelAnswer = fillAgentName(node.modelAnswer, kDefaultAgentName);
    if (!modelAnswer.empty() && matches(modelAnswer)) return modelAnswer;
    std::string built;
    for (const auto& rule : node.rules) {
        if (!wanted.count(rule.id)) continue;
        for (const auto& phrase : rule.all) built += phrase + ". ";
        if (!rule.any.empty()) built += rule.any.front() + ". ";
    }
    return !built.empty() && matches(built) ? built : modelAnswer;
}

/// The analysed best path as a script, each move taking 10 seconds (within every channel's standard).
Result<Script> bestPathScript(const Scenario& scenario, const Rubric& rubric, int64_t start) {
    ScenarioAnalysis analysis = analyzeScenario(scenario, &rubric);
    if (!analysis.best) return fail("the analysis found no path to an ending");
    Script script;
    script.start = start;
    for (const auto& step : analysis.best->path) {
        ScriptAction action;
        action.seconds = 10;
        if (!step.freeText) action.choiceId = step.choiceId;
        else action.reply = replyFor(scenario.node(*scenario.findNode(step.nodeId)), step.rulesMatched);
        script.actions.push_back(std::move(action));
    }
    // The play ends now rather than minutes from now, so it counts at once (track attempts in the future do not).
    script.start -= static_cast<int64_t>(10 * script.actions.size());
    return script;
}

/// Applies one action. A typed reply is masked first (unless `unmasked`), so no secret reaches the
/// transcript, the feedback that quotes it, --json, --save or the store; the scorer still counts
/// each mask as the secret it replaced (see core/redaction.hpp).
Result<StepResult> applyAction(PlaySession& session, const ScriptAction& action, int64_t now, bool unmasked) {
    TurnPrompt prompt = session.prompt();
    if (action.reply) return session.reply(unmasked ? *action.reply : redactSecrets(*action.reply).text, action.seconds, now);
    if (action.choiceNumber) {
        int n = *action.choiceNumber;
        if (n < 1 || n > static_cast<int>(prompt.choices.size()))
            return fail("choice " + std::to_string(n) + " is out of range; expected 1 to " +
                        std::to_string(prompt.choices.size()));
        return session.choose(prompt.choices[static_cast<size_t>(n - 1)].id, action.seconds, now);
    }
    return session.choose(*action.choiceId, action.seconds, now);
}

/// "turn 4", "turns 1–3".
std::string turnsText(size_t from, size_t to) {
    return from == to ? "turn " + std::to_string(from) : "turns " + std::to_string(from) + "–" + std::to_string(to);
}

/// Keeps the store in step with the play, when the play is recorded.
struct Recording {
    std::unique_ptr<store::TrainingStore> store;
    std::optional<store::SessionRecorder> recorder;
    const Rubric* rubric = nullptr;
    std::optional<Error> failure;  ///< why the last action could not be stored; the play stops there

    Status sync(const PlaySession& session, int64_t now) {
        if (!recorder) return Ok{};
        auto status = recorder->sync(session, *rubric, now);
        if (!status) failure = status.error();
        return status;
    }

    /// What was kept and what was not, once an action could not be stored:
    /// "turns 1–3 are stored as session #4; turn 4 was not stored: database is locked".
    std::string failureReport(const PlaySession& session) const {
        std::string id = "#" + std::to_string(recorder->sessionId());
        size_t stored = store::traineeTurnsIn(session.transcript(), recorder->storedEntries());
        std::string notStored = turnsText(stored + 1, stored + 1) + " was not stored: " + failure->message;
        if (auto* file = sqliteFile(*store); file && file->fileLost())
            return notStored + "; session " + id + (stored ? " and its " + turnsText(1, stored) : std::string()) +
                   " cannot be read back from there either";
        std::string kept = stored == 0 ? "session " + id + " holds none of your turns"
                                       : turnsText(1, stored) + (stored == 1 ? " is" : " are") + " stored as session " + id;
        return kept + "; " + notStored + ". Continue later with: simdesk play --resume " + std::to_string(recorder->sessionId());
    }
};

/// After a recorded session ends: stores the certificates its player has now earned.
Result<std::vector<std::string>> awardCertificates(const ContentLibrary& library, store::TrainingStore& store,
                                                   int64_t sessionId, int64_t now) {
    auto info = store.session(sessionId);
    if (!info) return info.error();
    auto person = namedPerson(store, info->personName);
    if (!person) return person.error();
    return store::awardEarnedCertificates(library, store, *person, now);
}

/// What the customer calls the trainee: the first name given with --trainee, else kDefaultAgentName
/// (never $USER, which is a login name rather than what a customer would say).
std::string agentNameFor(const PlayOptions& options) { return agentFirstName(options.trainee); }

std::string defaultTrainee() {
    for (const char* name : {"SIMDESK_TRAINEE", "USER"})
        if (const char* value = std::getenv(name); value && *value) return value;
    return "trainee";
}

/// Reads actions from the terminal until the conversation ends or the trainee stops.
bool playInteractively(PlaySession& session, const PlayOptions& options, Recording& recording, Io io) {
    const std::string agent = agentNameFor(options);
    for (const auto& e : session.transcript().entries) printEntry(io.out, session.scenario(), e, agent);
    while (!session.finished()) {
        TurnPrompt prompt = session.prompt();
        std::vector<size_t> order = presentationOrder(session.transcript(), prompt);
        printPrompt(io.out, prompt, order, agent);
        auto asked = std::chrono::steady_clock::now();
        std::string line;
        if (!std::getline(io.in, line) || line == "q") return false;
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count();
        ScriptAction action;
        action.seconds = seconds;
        if (prompt.kind == TurnPrompt::Kind::FreeText) {
            action.reply = line;
        } else {
            // A number is a position on screen; anything else is a choice id.
            action.choiceId = line;
            try {
                size_t n = static_cast<size_t>(std::stoi(line));
                if (n >= 1 && n <= order.size()) action.choiceId = prompt.choices[order[n - 1]].id;
            } catch (const std::exception&) {
            }
        }
        int64_t now = wallClock();
        auto step = applyAction(session, action, now, options.unmasked);
        if (!step) {
            io.out << "  (" << step.error().message << ")\n";
            continue;
        }
        if (auto saved = recording.sync(session, now); !saved) return false;  // reported when the play ends
        for (const auto& e : step->entries) printEntry(io.out, session.scenario(), e, agent);
        if (options.mode == "practice") printFeedback(io.out, step->feedback);
    }
    return true;
}

/// A saved transcript is the trainee's record: 0600, and any folder made for it 0700.
bool writeFile(const std::string& path, const std::string& text, Io io) {
    if (auto written = store::writePrivateFile(path, text); !written) {
        io.err << "simdesk play: " << written.error().message << "\n";
        return false;
    }
    return true;
}

/// --unmasked is for a lead who turned masking off in the store: with masking on (the default,
/// and what a new database starts with) it is refused, so a trainee cannot opt out alone.
Status checkUnmaskedAllowed(const GlobalOptions& global, Io io) {
    auto store = openStore(global, io);
    if (!store) return store.error();
    if ((*store)->maskSecrets())
        return fail("--unmasked is refused: mask-secrets is on in " +
                    store::pg::withoutPassword(store::resolveDatabasePath(global.dbPath).string()) +
                    "; a lead can turn it off with 'simdesk settings mask-secrets off --by NAME'");
    return Ok{};
}

Status beginRecording(const GlobalOptions& global, const PlayOptions& options, const PlaySession& session,
                      const Rubric& rubric, Recording& recording, int64_t now, Io io) {
    auto opened = openStore(global, io);
    if (!opened) return opened.error();
    recording.store = std::move(*opened);
    std::string name = options.trainee.empty() ? defaultTrainee() : options.trainee;
    // On a server you play as whoever signed in (the server would refuse a session in another's name).
    auto me = recording.store->signedIn();
    if (!me) return me.error();
    if (*me) {
        if (!options.trainee.empty() && options.trainee != (*me)->name)
            return fail("you are signed in as " + (*me)->name + "; on a server you play as yourself, so --trainee \"" +
                        options.trainee + "\" is refused");
        name = (*me)->name;
    }
    auto person = recording.store->findPerson(name);
    if (!person) return person.error();
    int64_t personId;
    if (*person) {
        personId = (*person)->id;
    } else {
        // Today, as the app and `people add` do, not the script's (fixed, replayable) clock: a
        // start date sets the 30-day certification deadline, which counts from the real first day.
        auto added = recording.store->addPerson(name, store::Role::Trainee, isoDate(wallClock()), {});
        if (!added) return added.error();
        io.err << "simdesk play: added trainee " << name << " (start date " << added->startDate << ")\n";
        personId = added->id;
    }
    auto recorder = store::SessionRecorder::begin(*recording.store, personId, session, rubric, options.mode, now);
    if (!recorder) return recorder.error();
    recording.recorder = *recorder;
    return Ok{};
}

/// Picks up a stored, interrupted session where it stopped.
Result<PlaySession> resumeSession(const GlobalOptions& global, const PlayOptions& options, const ContentLibrary& library,
                                  const SchemaChecker& schemas, Recording& recording, ScenarioPtr& scenario, Io io) {
    auto opened = openExistingStore(global, io);
    if (!opened) return opened.error();
    recording.store = std::move(*opened);
    auto info = recording.store->session(options.resume);
    if (!info) return info.error();
    if (info->status != store::SessionStatus::Active)
        return fail("session #" + std::to_string(info->id) + " is " + std::string(store::sessionStatusName(info->status)) +
                    "; only an interrupted session can be resumed");
    auto played = store::scenarioAsPlayed(library, *recording.store, *info, &schemas);
    if (!played) return played.error();
    scenario = *played;
    auto transcript = recording.store->transcript(info->id);
    if (!transcript) return transcript.error();
    // A session an older simdesk stopped writing half-way through an action goes on from the last
    // complete one; the next action played replaces what the incomplete one left.
    auto replayed = PlaySession::replayCompleteActions(scenario, *transcript);
    if (!replayed) return replayed.error();
    if (replayed->cutShort) io.err << "simdesk play: " << store::cutShortNotice(*replayed) << "\n";
    recording.recorder = store::SessionRecorder::resume(*recording.store, info->id, *replayed);
    return std::move(replayed->session);
}

} // namespace

int play(const GlobalOptions& global, const PlayOptions& options, Io io) {
    SchemaChecker schemas;
    std::vector<std::filesystem::path> extra = scenarioFileArgument(options.scenario);
    ContentLibrary library = loadLibrary(global, extra, schemas);
    ScenarioPtr scenario = options.resume ? nullptr : library.findScenarioByIdOrPath(options.scenario);
    if (!scenario && !options.resume) {
        printDiagnostics(io.err, library.diagnostics);
        io.err << "simdesk play: no valid scenario \"" << options.scenario << "\"\n";
        return kExitFailure;
    }
    RubricPtr rubric;

    if (options.unmasked) {
        if (auto allowed = checkUnmaskedAllowed(global, io); !allowed) {
            io.err << "simdesk play: " << allowed.error().message << "\n";
            return kExitFailure;
        }
    }

    std::optional<Script> script;
    bool fromScript = !options.bestPath && (!options.script.empty() || !io.interactive);
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

    if (options.bestPath && scenario) {
        RubricPtr bestRubric = library.findRubric(scenario->rubricId);
        auto best = bestRubric ? bestPathScript(*scenario, *bestRubric, wallClock()) : Result<Script>(fail("its rubric is not loaded"));
        if (!best) {
            io.err << "simdesk play: no best path for \"" << scenario->id << "\": " << best.error().message << "\n";
            return kExitFailure;
        }
        script = std::move(*best);
    }
    int64_t now = script ? script->start : wallClock();
    Recording recording;
    if (scenario) rubric = library.findRubric(scenario->rubricId);
    recording.rubric = rubric.get();
    auto session = options.resume ? resumeSession(global, options, library, schemas, recording, scenario, io)
                                  : PlaySession::start(scenario, now);
    if (!session) {
        io.err << "simdesk play: " << session.error().message << "\n";
        return kExitFailure;
    }
    if (!rubric) rubric = library.findRubric(scenario->rubricId);
    recording.rubric = rubric.get();
    if (recording.recorder && !rubric) {
        io.err << "simdesk play: rubric \"" << scenario->rubricId << "\" is not loaded; cannot record\n";
        return kExitFailure;
    }
    // Every entry stored but not the finish (an older simdesk wrote them apart): finish and score it now.
    if (recording.recorder && session->finished()) (void)recording.sync(*session, now);
    if (!options.noRecord && !recording.recorder) {
        if (!rubric) {
            io.err << "simdesk play: rubric \"" << scenario->rubricId << "\" is not loaded; cannot record\n";
            return kExitFailure;
        }
        auto begun = beginRecording(global, options, *session, *rubric, recording, now, io);
        if (!begun) {
            io.err << "simdesk play: " << begun.error().message << "\n";
            return kExitFailure;
        }
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
            auto step = applyAction(*session, script->actions[i], now, options.unmasked);
            if (!step) {
                io.err << "simdesk play: script action " << i << " at node \"" << session->prompt().nodeId
                       << "\": " << step.error().message << "\n";
                return kExitFailure;
            }
            feedbackByTurn.push_back(step->feedback);
            if (auto saved = recording.sync(*session, now); !saved) break;  // reported when the play ends
        }
        if (!options.json) {
            size_t turn = 0;
            for (const auto& e : session->transcript().entries) {
                printEntry(io.out, *scenario, e, agentNameFor(options));
                bool trainee = e.kind == EntryKind::TraineeChoice || e.kind == EntryKind::TraineeReply;
                if (trainee && options.mode == "practice" && turn < feedbackByTurn.size())
                    printFeedback(io.out, feedbackByTurn[turn++]);
            }
        }
    } else if (!playInteractively(*session, options, recording, io)) {
        io.out << "\nStopped before the end; the score below covers the turns played.\n";
    }
    if (recording.failure) {
        // The turns played are still shown and scored (and saved with --save), but the exit status
        // and the message say the record is incomplete: never "Recorded as session #N" then.
        if (!options.save.empty()) (void)writeFile(options.save, session->save().dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", io);
        auto card = rubric ? scoreTranscript(*scenario, *rubric, session->transcript()) : Result<ScoreCard>(fail(""));
        std::string report = recording.failureReport(*session);
        if (options.json) {
            // A program reading --json learns the same as a person: what was played, and that it was not all stored.
            json out = {{"transcript", transcriptToJson(session->transcript())}, {"stored", false}, {"store_error", report}};
            if (card) out["score"] = scoreCardToJson(*card);
            io.out << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        } else if (card) {
            printScoreCard(io.out, *card, *scenario, session->transcript());
        }
        io.err << "simdesk play: " << report << "\n";
        return kExitFailure;
    }

    if (!options.save.empty() && !writeFile(options.save, session->save().dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", io)) return kExitFailure;
    if (!rubric) {
        io.err << "simdesk play: rubric \"" << scenario->rubricId << "\" is not loaded; cannot score\n";
        return kExitFailure;
    }
    auto card = scoreTranscript(*scenario, *rubric, session->transcript());
    if (!card) {
        io.err << "simdesk play: " << card.error().message << "\n";
        return kExitFailure;
    }
    std::vector<std::string> certificates;
    if (recording.recorder && session->finished()) {
        auto awarded = awardCertificates(library, *recording.store, recording.recorder->sessionId(), now);
        if (!awarded) io.err << "simdesk play: could not record a certificate: " << awarded.error().message << "\n";
        else certificates = *awarded;
    }
    if (options.json) {
        json out = {{"transcript", transcriptToJson(session->transcript())}, {"score", scoreCardToJson(*card)}};
        if (recording.recorder) {
            out["session_id"] = recording.recorder->sessionId();
            out["stored"] = true;
        }
        if (!certificates.empty()) out["certificates_earned"] = certificates;
        io.out << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        printScoreCard(io.out, *card, *scenario, session->transcript());
        if (recording.recorder)
            io.out << "\nRecorded as session #" << recording.recorder->sessionId() << " ("
                   << (session->finished() ? "simdesk show " : "resume with: simdesk play --resume ")
                   << recording.recorder->sessionId() << ")\n";
        for (const auto& title : certificates)
            io.out << "Certificate earned: " << title << " (simdesk progress shows it; the app exports it as a PNG)\n";
    }
    return kExitOk;
}

} // namespace simdesk::cli
