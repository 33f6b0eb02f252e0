#include "content_loader.hpp"
#include "regex_prefilter.hpp"

#include "agent_name.hpp"
#include "figures.hpp"
#include "reply_signals.hpp"
#include "text_rules.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace simdesk {

using nlohmann::json;

bool isValidId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
    return true;
}

bool checkId(const JsonDocument& doc, const std::string& id, const std::string& pointer, std::vector<Diagnostic>& out) {
    if (isValidId(id)) return true;
    out.push_back(doc.diagnostic("SD011", Severity::Error, pointer,
                                 "id \"" + id + "\" is not valid; expected 1-64 characters of a-z, 0-9, '_' or '-'"));
    return false;
}

namespace {

/// Compiles a pattern once: the prefilter's own copy is the program the rule matches with.
CompiledRegex compileRegex(const std::string& pattern, bool caseSensitive) {
    if (auto prefilter = RegexPrefilter::build(pattern, caseSensitive, kMaxRegexMemory))
        return {prefilter, std::shared_ptr<const RE2>(prefilter, &prefilter->regex()), ""};
    // The prefilter refuses what does not compile: compiled alone, RE2 says why.
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(caseSensitive);
    options.set_max_mem(kMaxRegexMemory);  // content is untrusted: bounded memory, linear time
    auto regex = std::make_shared<RE2>(pattern, options);
    if (!regex->ok()) return {nullptr, nullptr, regex->error()};
    return {nullptr, std::move(regex), ""};
}

/// Shared state while one scenario file is turned into a model.
class ScenarioBuilder {
public:
    ScenarioBuilder(const JsonDocument& doc, std::vector<Diagnostic>& out, const LexiconSet* lexicons,
                    RegexBudget* budget)
        : doc_(doc), out_(out), lexicons_(lexicons), budget_(budget) {}

    std::shared_ptr<Scenario> build() {
        const json& root = doc_.value;
        auto s = std::make_shared<Scenario>();
        s->sourcePath = doc_.path;
        s->contentHash = contentHash(doc_.text);
        s->sourceText = doc_.text;
        s->id = root["id"];
        checkId(s->id, "/id");
        s->version = root["version"];
        s->title = root["title"];
        s->summary = root["summary"];
        s->brief = root.value("brief", std::string());
        s->category = root["category"];
        s->channel = *parseChannel(root["channel"].get<std::string>());
        s->priority = *parsePriority(root["priority"].get<std::string>());
        s->difficulty = root["difficulty"];
        s->estimatedMinutes = root.value("estimated_minutes", 0);
        s->tags = root.value("tags", std::vector<std::string>{});
        s->standards = root.value("standards", std::vector<std::string>{});
        s->policyAreas = root.value("policy_areas", std::vector<std::string>{});
        s->knowledge = root.value("knowledge", std::vector<std::string>{});
        buildPersona(root["persona"], s->persona);
        s->rubricId = root["rubric"];
        if (root.contains("variables")) buildVariables(root["variables"], *s);

        // Index nodes first so references can be resolved regardless of order.
        for (const auto& [id, body] : root["nodes"].items()) {
            checkId(id, childPointer("/nodes", id));
            s->nodeIndex[id] = s->nodes.size();
            Node node;
            node.id = id;
            node.pointer = childPointer("/nodes", id);
            s->nodes.push_back(std::move(node));
        }
        scenario_ = s.get();
        for (auto& node : s->nodes) buildNode(doc_.value["nodes"][node.id], node);
        s->start = resolve(root["start"], "/start");
        if (s->start == kNoNode) s->start = 0;
        return failed_ ? nullptr : s;
    }

private:
    const JsonDocument& doc_;
    std::vector<Diagnostic>& out_;
    const LexiconSet* lexicons_ = nullptr;
    std::shared_ptr<const ReplyAnalyzer> analyzer_;  // signal rules of this scenario share one
    Scenario* scenario_ = nullptr;
    RegexBudget* budget_ = nullptr;
    bool overBudgetReported_ = false;
    bool failed_ = false;

    void error(const std::string& code, const std::string& pointer, std::string message) {
        failed_ = true;
        out_.push_back(doc_.diagnostic(code, Severity::Error, pointer, std::move(message)));
    }

    void warning(const std::string& code, const std::string& pointer, std::string message) {
        out_.push_back(doc_.diagnostic(code, Severity::Warning, pointer, std::move(message)));
    }

    void checkId(const std::string& id, const std::string& pointer) {
        if (!simdesk::checkId(doc_, id, pointer, out_)) failed_ = true;
    }

    static void buildPersona(const json& p, Persona& persona) {
        persona.name = p["name"];
        persona.company = p["company"];
        persona.role = p.value("role", "");
        persona.tier = p["tier"];
        persona.temperament = p["temperament"];
        persona.background = p.value("background", "");
        persona.startingMood = p["starting_mood"];
    }

    static std::optional<Value> toValue(const json& v) {
        if (v.is_boolean()) return Value(v.get<bool>());
        if (v.is_number_integer()) return Value(v.get<int64_t>());
        if (v.is_string()) return Value(v.get<std::string>());
        return std::nullopt;
    }

    void buildVariables(const json& vars, Scenario& s) {
        for (const auto& [name, decl] : vars.items()) {
            std::string pointer = childPointer("/variables", name);
            if (name == "mood") {
                error("SD011", pointer, "\"mood\" is reserved for the customer's mood; expected another name");
                continue;
            }
            checkId(name, pointer);
            VariableDecl v;
            v.name = name;
            std::string type = decl["type"];
            v.type = type == "bool" ? ValueType::Bool : type == "int" ? ValueType::Int : ValueType::String;
            v.min = decl.value("min", int64_t{0});
            v.max = decl.value("max", int64_t{100});
            v.description = decl.value("description", "");
            auto initial = toValue(decl["initial"]);
            if (!initial || typeOf(*initial) != v.type) {
                error("SD032", pointer + "/initial",
                      "initial value " + decl["initial"].dump() + " does not match the declared type; expected " +
                          std::string(valueTypeName(v.type)));
                continue;
            }
            if (v.min > v.max) {
                error("SD033", pointer + "/min",
                      "min " + std::to_string(v.min) + " is above max " + std::to_string(v.max) +
                          "; expected min <= max");
                continue;
            }
            if (v.type == ValueType::Int) {
                int64_t i = std::get<int64_t>(*initial);
                if (i < v.min || i > v.max)
                    error("SD033", pointer + "/initial",
                          "initial value " + std::to_string(i) + " is outside [" + std::to_string(v.min) + ", " +
                              std::to_string(v.max) + "]");
            }
            v.initial = *initial;
            s.variables.push_back(std::move(v));
        }
    }

    size_t resolve(const json& idValue, const std::string& pointer) {
        std::string id = idValue.get<std::string>();
        if (auto index = scenario_->findNode(id)) return *index;
        std::vector<std::string> ids;
        for (const auto& n : scenario_->nodes) ids.push_back(n.id);
        std::string message = "no node \"" + id + "\"";
        if (auto guess = closestMatch(id, ids)) message += " (did you mean \"" + *guess + "\"?)";
        error("SD020", pointer, message);
        return kNoNode;
    }

    ExpressionPtr condition(const std::string& text, const std::string& pointer) {
        auto parsed = parseExpression(text);
        if (parsed.error) {
            error("SD030", pointer, parsed.error->message + " in \"" + text + "\"");
            return nullptr;
        }
        auto lookup = [&](std::string_view name) -> std::optional<ValueType> {
            if (name == "mood") return ValueType::Int;
            if (auto v = scenario_->findVariable(name)) return v->type;
            return std::nullopt;
        };
        for (const auto& problem : checkCondition(*parsed.root, lookup)) {
            if (problem.kind == TypeProblem::Kind::UnknownVariable) {
                std::vector<std::string> names{"mood"};
                for (const auto& v : scenario_->variables) names.push_back(v.name);
                std::string message = problem.message;
                if (auto guess = closestMatch(problem.variable, names)) message += " (did you mean \"" + *guess + "\"?)";
                error("SD031", pointer, message + "; expected a declared variable or \"mood\"");
            } else {
                error("SD032", pointer, problem.message);
            }
        }
        return parsed.root;
    }

    std::vector<Transition> transitions(const json& next, const std::string& pointer) {
        std::vector<Transition> out;
        if (next.is_string()) {
            out.push_back(Transition{nullptr, "", resolve(next, pointer)});
            return out;
        }
        for (size_t i = 0; i < next.size(); ++i) {
            std::string p = childPointer(pointer, i);
            Transition t;
            if (next[i].contains("if")) {
                t.conditionText = next[i]["if"];
                t.condition = condition(t.conditionText, p + "/if");
            }
            t.target = resolve(next[i]["to"], p + "/to");
            out.push_back(std::move(t));
        }
        return out;
    }

    std::vector<Effect> effects(const json& e, const std::string& pointer) {
        std::vector<Effect> out;
        for (const char* op : {"set", "add"}) {
            if (!e.contains(op)) continue;
            for (const auto& [name, value] : e[op].items()) {
                std::string p = pointer + "/" + op + "/" + pointerToken(name);
                const VariableDecl* decl = scenario_->findVariable(name);
                if (!decl) {
                    std::vector<std::string> names;
                    for (const auto& v : scenario_->variables) names.push_back(v.name);
                    std::string message = "no variable \"" + name + "\"";
                    if (auto guess = closestMatch(name, names)) message += " (did you mean \"" + *guess + "\"?)";
                    error("SD033", p, message + "; expected a declared variable");
                    continue;
                }
                auto v = toValue(value);
                bool isAdd = std::string_view(op) == "add";
                if (isAdd && decl->type != ValueType::Int) {
                    error("SD033", p, "\"add\" needs an int variable; \"" + name + "\" is " +
                                          std::string(valueTypeName(decl->type)));
                    continue;
                }
                if (!v || typeOf(*v) != decl->type) {
                    error("SD033", p, "value " + value.dump() + " does not fit " +
                                          std::string(valueTypeName(decl->type)) + " variable \"" + name + "\"");
                    continue;
                }
                out.push_back(Effect{isAdd ? Effect::Op::Add : Effect::Op::Set, name, *v});
            }
        }
        return out;
    }

    static Points points(const json& p) {
        Points out;
        if (p.is_object())
            for (const auto& [criterion, level] : p.items()) out[criterion] = level.get<int>();
        return out;
    }

    void buildChoices(const json& body, Node& node) {
        std::set<std::string> ids;
        const json& choices = body["choices"];
        for (size_t i = 0; i < choices.size(); ++i) {
            const json& c = choices[i];
            std::string pointer = childPointer(node.pointer + "/choices", i);
            Choice choice;
            choice.id = c["id"];
            checkId(choice.id, pointer + "/id");
            if (!ids.insert(choice.id).second)
                error("SD006", pointer + "/id", "duplicate choice id \"" + choice.id + "\"; expected each id once");
            choice.text = c["text"];
            choice.feedback = c["feedback"];
            choice.cite = c.value("cite", "");
            if (c.contains("condition")) {
                choice.conditionText = c["condition"];
                choice.condition = condition(choice.conditionText, pointer + "/condition");
            }
            choice.hideWhenUnavailable = c.value("when_unavailable", "hide") == "hide";
            choice.unavailableReason = c.value("unavailable_reason", "");
            if (c.contains("effects")) choice.effects = effects(c["effects"], pointer + "/effects");
            choice.moodDelta = c.value("mood", 0);
            choice.points = points(c.value("points", json::object()));
            if (c.contains("critical")) choice.critical = c["critical"].get<std::string>();
            choice.next = resolve(c["next"], pointer + "/next");
            node.choices.push_back(std::move(choice));
        }
    }

    /// The pattern compiled, once per library load (see RegexBudget).
    CompiledRegex compiledRegex(const std::string& pattern, bool caseSensitive) {
        if (!budget_) return compileRegex(pattern, caseSensitive);
        auto key = std::make_pair(pattern, caseSensitive);
        auto it = budget_->compiled.find(key);
        if (it == budget_->compiled.end()) it = budget_->compiled.emplace(std::move(key), compileRegex(pattern, caseSensitive)).first;
        return it->second;
    }

    /// False (with SD078 once per file) when the library's regexes would grow past their total.
    bool drawOnBudget(int64_t programSize, const std::string& pointer) {
        if (!budget_) return true;
        if (programSize <= budget_->remaining) {
            budget_->remaining -= programSize;
            return true;
        }
        if (!overBudgetReported_)
            error("SD078", pointer,
                  "this pattern compiles to " + std::to_string(programSize) +
                      " instructions, past what is left of the " + std::to_string(kMaxRegexProgramTotal) +
                      " all regex rules loaded together may use (" + std::to_string(budget_->remaining) +
                      "); expected fewer or simpler patterns (bounded repeats of \\pL and \\w are the costly part)");
        overBudgetReported_ = true;
        return false;
    }

    /// A lexicon by id, or SD073 at `pointer`.
    LexiconPtr lexicon(const std::string& id, const std::string& pointer) {
        LexiconPtr found = lexicons_ ? lexicons_->find(id) : nullptr;
        if (!found) {
            std::vector<std::string> ids = lexicons_ ? lexicons_->ids() : std::vector<std::string>{};
            std::string message = "no lexicon \"" + id + "\" is loaded";
            if (auto guess = closestMatch(id, ids)) message += " (did you mean \"" + *guess + "\"?)";
            error("SD073", pointer, message + "; expected the id of a lexicon in rubrics/lexicons/");
        }
        return found;
    }

    /// The kind-specific fields of a rule: lexicons resolved, patterns compiled, references checked.
    void buildRuleKind(const json& r, const std::string& pointer, const std::vector<std::string>& ruleIds,
                       const std::vector<TextRule>& earlier, TextRule& rule) {
        // Regexes: a negation cancels a match only when asked. Claims: a negation states the
        // opposite unless the claim says otherwise (a claim that only checks its figures).
        rule.negatable = rule.kind == "regex" ? r.value("negatable", false) : rule.kind == "claim" && r.value("negatable", true);
        if ((rule.kind != "phrases" && rule.kind != "regex") || rule.negatable)
            if (lexicons_) rule.negation = lexicons_->find("negation");
        if (lexicons_) rule.functionWords = lexicons_->find("function-words-en");
        if (rule.kind == "lexicon") {
            rule.lexiconId = r["lexicon"];
            rule.lexicon = lexicon(rule.lexiconId, pointer + "/lexicon");
        } else if (rule.kind == "regex") {
            rule.pattern = r["pattern"];
            rule.caseSensitive = r.value("case_sensitive", false);
            CompiledRegex compiled = compiledRegex(rule.pattern, rule.caseSensitive);
            if (!compiled.regex)
                error("SD072", pointer + "/pattern", "the pattern does not compile: " + compiled.error +
                                                         "; expected an RE2 regular expression");
            else if (drawOnBudget(compiled.regex->ProgramSize(), pointer + "/pattern")) {
                rule.prefilter = std::move(compiled.prefilter);
                rule.regex = std::move(compiled.regex);
            }
        } else if (rule.kind == "order" || rule.kind == "proximity") {
            std::vector<std::pair<std::string, std::string>> refs;  // id, pointer
            if (rule.kind == "order") {
                refs = {{r["first"], pointer + "/first"}, {r["then"], pointer + "/then"}};
            } else {
                for (size_t k = 0; k < r["rules"].size(); ++k) refs.push_back({r["rules"][k], childPointer(pointer + "/rules", k)});
                rule.withinWords = r["within_words"];
            }
            for (const auto& [id, at] : refs) {
                auto it = std::find_if(earlier.begin(), earlier.end(), [&wanted = id](const TextRule& e) { return e.id == wanted; });
                if (it == earlier.end()) {
                    std::vector<std::string> before(ruleIds.begin(), ruleIds.end() - 1);
                    std::string message = "no earlier rule \"" + id + "\" in this turn";
                    if (auto guess = closestMatch(id, before)) message += " (did you mean \"" + *guess + "\"?)";
                    error("SD074", at, message + "; expected the id of a rule listed before this one");
                } else {
                    rule.refs.push_back(static_cast<size_t>(it - earlier.begin()));
                }
            }
        } else if (rule.kind == "length") {
            rule.minWords = r.value("min_words", 0);
            rule.maxWords = r.value("max_words", 0);
            rule.maxGrade = r.value("max_grade", 0.0);
        } else if (rule.kind == "structure") {
            rule.parts = r["require"].get<std::vector<std::string>>();
            for (size_t k = 0; k < rule.parts.size(); ++k)
                for (const auto& part : structureParts())
                    if (part.name == rule.parts[k])
                        rule.partLexicons.push_back(lexicon(std::string(part.lexicon), childPointer(pointer + "/require", k)));
        } else if (rule.kind == "signal") {
            rule.signal = r["signal"];
            rule.dataKinds = r.value("kinds", std::vector<std::string>{});
            rule.minCount = r.value("min_count", 1);
            if (r.contains("above")) rule.above = r["above"].get<double>();
            if (lexicons_) {
                if (!analyzer_) analyzer_ = std::make_shared<const ReplyAnalyzer>(*lexicons_);
                rule.analyzer = analyzer_;  // the library replaces it with one that also checks spelling
            }
        } else if (rule.kind == "claim") {
            // Claims match by stem and honour negation: "refunded" states it, "nothing was refunded"
            // contradicts it.
            if (!rule.any.empty()) rule.lexicon = makeLexicon(rule.id, rule.any, {}, true);
            if (auto clauses = r.find("clauses"); clauses != r.end())
                for (const auto& group : *clauses)
                    rule.clauseGroups.push_back(makeLexicon(rule.id + ":clause", group.get<std::vector<std::string>>(), {}, true));
            if (auto against = r.find("contradicted_by"); against != r.end())
                rule.contradictions = makeLexicon(rule.id + ":contradicted_by", against->get<std::vector<std::string>>(), {}, true);
            if (auto figures = r.find("figures"); figures != r.end()) {
                rule.figureUnit = (*figures)["unit"];
                // Dates are written "2026-12-24" (the schema holds their form) and kept as 20261224.
                auto values = [&](const char* key) {
                    std::vector<double> out;
                    if (auto list = figures->find(key); list != figures->end())
                        for (const auto& v : *list)
                            out.push_back(v.is_string() ? std::stod(v.get<std::string>().substr(0, 4)) * 10000 +
                                                              std::stod(v.get<std::string>().substr(5, 2)) * 100 +
                                                              std::stod(v.get<std::string>().substr(8, 2))
                                                        : v.get<double>());
                    return out;
                };
                rule.figuresAllowed = values("allowed");
                rule.figuresAlsoRight = values("also_right");
                rule.figureNeeded = figures->value("needed", true);
            }
        } else if (rule.kind == "privacy") {
            rule.dataKinds = r.value("data", std::vector<std::string>{});
            for (const char* id : {"negation", "data-request", "sensitive-card", "sensitive-password", "sensitive-ssn",
                                   "not-a-secret", "partial-data"})
                if (auto found = lexicon(id, pointer + "/kind")) rule.privacyLexicons.byId.emplace(id, found);
        }
    }

    void buildFreeText(const json& body, Node& node) {
        node.defaultNext = resolve(body["next"], node.pointer + "/next");
        node.modelAnswer = body.value("model_answer", "");
        std::vector<std::string> ruleIds;
        const json& rules = body["rules"];
        for (size_t i = 0; i < rules.size(); ++i) {
            const json& r = rules[i];
            std::string pointer = childPointer(node.pointer + "/rules", i);
            TextRule rule;
            rule.id = r["id"];
            checkId(rule.id, pointer + "/id");
            if (std::find(ruleIds.begin(), ruleIds.end(), rule.id) != ruleIds.end())
                error("SD006", pointer + "/id", "duplicate rule id \"" + rule.id + "\"; expected each id once");
            ruleIds.push_back(rule.id);
            rule.kind = r["kind"];
            rule.description = r.value("description", "");
            rule.any = r.value("any", std::vector<std::string>{});
            rule.all = r.value("all", std::vector<std::string>{});
            rule.none = r.value("none", std::vector<std::string>{});
            rule.points = points(r.value("points", json::object()));
            rule.pointsIfMissing = points(r.value("points_if_missing", json::object()));
            rule.mood = r.value("mood", 0);
            rule.moodIfMissing = r.value("mood_if_missing", 0);
            rule.feedback = r.value("feedback", "");
            rule.feedbackIfMissing = r.value("feedback_if_missing", "");
            rule.cite = r.value("cite", "");
            if (r.contains("critical")) rule.critical = r["critical"].get<std::string>();
            rule.caps = r.value("caps", false);
            buildRuleKind(r, pointer, ruleIds, node.rules, rule);
            node.rules.push_back(std::move(rule));
        }
        if (rules.empty())
            warning("SD071", node.pointer, "free-text turn has no rules, so nothing the trainee types is scored");
        buildMustHave(body, ruleIds, node);
        node.skipReplyChecks = body.value("skip_reply_checks", std::vector<std::string>{});
        if (body.contains("channel")) node.writtenFor = parseChannel(body["channel"].get<std::string>());
        const json& branches = body.value("branches", json::array());
        for (size_t i = 0; i < branches.size(); ++i) {
            std::string pointer = childPointer(node.pointer + "/branches", i);
            TextBranch branch;
            const json& when = branches[i]["when"];
            for (size_t k = 0; k < when.size(); ++k) {
                std::string ref = when[k];
                bool negated = !ref.empty() && ref[0] == '!';
                std::string id = negated ? ref.substr(1) : ref;
                if (std::find(ruleIds.begin(), ruleIds.end(), id) == ruleIds.end()) {
                    std::string message = "no rule \"" + id + "\" in this turn";
                    if (auto guess = closestMatch(id, ruleIds)) message += " (did you mean \"" + *guess + "\"?)";
                    error("SD070", childPointer(pointer + "/when", k), message + "; expected a rule id of this turn");
                }
                (negated ? branch.forbidden : branch.required).push_back(id);
            }
            branch.next = resolve(branches[i]["next"], pointer + "/next");
            node.branches.push_back(std::move(branch));
        }
    }

    /// A rule of this turn by id, or SD075 at `pointer`.
    std::optional<size_t> turnRule(const std::vector<std::string>& ruleIds, const std::string& id, const std::string& pointer) {
        auto it = std::find(ruleIds.begin(), ruleIds.end(), id);
        if (it != ruleIds.end()) return static_cast<size_t>(it - ruleIds.begin());
        error("SD075", pointer, "no rule \"" + id + "\" in this turn" + didYouMean(id, ruleIds) +
                                    "; expected the id of one of the turn's rules");
        return std::nullopt;
    }

    void buildMustHave(const json& body, const std::vector<std::string>& ruleIds, Node& node) {
        static const json none = json::array();
        auto found = body.find("must_have");
        const json& points = found != body.end() ? *found : none;
        if (points.empty() && !ruleIds.empty())
            warning("SD076", node.pointer,
                    "free-text turn states no must-have points, so a reply with nothing the customer needs can pass it; "
                    "expected \"must_have\" with what the reply must achieve");
        for (size_t i = 0; i < points.size(); ++i) {
            std::string pointer = childPointer(node.pointer + "/must_have", i);
            MustHave must;
            must.ruleId = points[i]["rule"];
            must.criterion = points[i]["criterion"];
            must.point = points[i]["point"];
            auto rule = turnRule(ruleIds, must.ruleId, pointer + "/rule");
            if (rule) must.rule = *rule;
            if (auto unless = points[i].find("unless"); unless != points[i].end())
                for (size_t k = 0; k < unless->size(); ++k)
                    if (auto index = turnRule(ruleIds, (*unless)[k].get<std::string>(), childPointer(pointer + "/unless", k)))
                        must.unless.push_back(*index);
            if (rule) node.mustHave.push_back(std::move(must));
        }
    }

    void buildNode(const json& body, Node& node) {
        std::string type = body["type"];
        if (type == "message") {
            node.kind = NodeKind::Message;
            node.text = body["text"];
            node.moodDelta = body.value("mood", 0);
            node.waitSeconds = body.value("wait_seconds", int64_t{0});
            node.next = transitions(body["next"], node.pointer + "/next");
        } else if (type == "choice") {
            node.kind = NodeKind::Choice;
            node.text = body.value("customer", "");
            node.prompt = body.value("prompt", "");
            node.internal = body.value("internal", false);
            buildChoices(body, node);
        } else if (type == "free_text") {
            node.kind = NodeKind::FreeText;
            node.text = body.value("customer", "");
            node.prompt = body["prompt"];
            buildFreeText(body, node);
        } else if (type == "handoff") {
            node.kind = NodeKind::Handoff;
            node.text = body["text"];
            node.handoffTo = body["to"];
            node.handoffTeam = body.value("team", "");
            node.next = transitions(body["next"], node.pointer + "/next");
        } else {
            node.kind = NodeKind::Ending;
            node.text = body.value("text", "");
            node.outcome = body["outcome"];
            std::string r = body["resolution"];
            for (auto candidate : {Resolution::Resolved, Resolution::Escalated, Resolution::Pending,
                                   Resolution::Unresolved, Resolution::Lost})
                if (resolutionName(candidate) == r) node.resolution = candidate;
        }
    }
};

} // namespace

namespace {

/// Applies a variant's literal replacements, in order, to every string value (not to keys).
/// Fields whose strings wire the scenario (the graph, conditions, effects, rule references) rather
/// than say something to a reader. Variants never replace them, and they make up a scenario's
/// structural fingerprint.
bool isStructuralField(std::string_view key) {
    static constexpr std::string_view fields[] = {
        "next", "to", "if", "condition", "type", "kind", "start", "rubric", "lexicon", "rule", "unless", "criterion",
        "resolution", "id", "when", "first", "then", "rules", "require", "data", "when_unavailable", "set", "add",
        "initial", "channel", "priority"};
    return std::find(std::begin(fields), std::end(fields), key) != std::end(fields);
}

/// The field name a child value of `parent` is judged by. Objects keyed by names instead of field
/// names (nodes and variables by id, effects by variable) pass a neutral or their own key down.
std::string_view childField(std::string_view parent, std::string_view key) {
    if (parent == "nodes" || parent == "variables") return "(name)";
    if (parent == "set" || parent == "add") return parent;
    return key;
}

/// Content is untrusted: replacements may grow the document to at most `budget` more bytes (false
/// when they would grow it further). Only text is replaced, never a structural field.
bool replaceStrings(json& value, std::string_view field, const std::vector<std::pair<std::string, std::string>>& replacements,
                    int64_t& budget) {
    if (value.is_string()) {
        if (isStructuralField(field)) return true;
        std::string text = value.get<std::string>();
        for (const auto& [from, to] : replacements)
            for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
                budget -= static_cast<int64_t>(to.size()) - static_cast<int64_t>(from.size());
                if (budget < 0) return false;
                text.replace(at, from.size(), to);
            }
        value = std::move(text);
    } else if (value.is_object()) {
        for (auto& [key, child] : value.items())
            if (!replaceStrings(child, childField(field, key), replacements, budget)) return false;
    } else if (value.is_array()) {
        for (auto& child : value)
            if (!replaceStrings(child, field, replacements, budget)) return false;
    }
    return true;
}

/// unit → a figure of the scenario → the variant's figure, or nullopt where two replacements map
/// it differently.
using FigureMap = std::map<std::string, std::map<double, std::optional<double>>, std::less<>>;

/// The figures a variant's replacements change: "$2,280" → "$1,710" maps the amount 2280 to 1710,
/// and "8 days ago" → "6 days ago" the days 8 to 6. Only a pair stating one figure of a unit on
/// each side maps it; patterns ("2,?280") state none.
FigureMap variantFigures(const std::vector<std::pair<std::string, std::string>>& replacements) {
    FigureMap out;
    for (std::string_view unit : {"amount", "days", "hours", "percent"})
        for (const auto& [from, to] : replacements) {
            auto before = findFigures(from, unit), after = findFigures(to, unit);
            if (before.size() != 1 || after.size() != 1 || before[0].values.size() != after[0].values.size()) continue;
            auto& map = out[std::string(unit)];
            for (size_t i = 0; i < before[0].values.size(); ++i) {
                auto [it, inserted] = map.emplace(before[0].values[i], after[0].values[i]);
                if (!inserted && it->second != after[0].values[i]) it->second = std::nullopt;
            }
        }
    return out;
}

/// A claim's `figures` (numbers, not text) follow the variant's figures as its text does, so a
/// wrong-figure claim on "$2,280" reads "$1,710" in variant b. Dates are text and were replaced.
void replaceClaimFigures(json& value, const FigureMap& figures) {
    if (value.is_array()) {
        for (auto& child : value) replaceClaimFigures(child, figures);
        return;
    }
    if (!value.is_object()) return;
    auto unit = value.find("unit");
    if (unit != value.end() && unit->is_string()) {
        auto map = figures.find(unit->get<std::string>());
        for (const char* list : {"allowed", "also_right"}) {
            auto numbers = value.find(list);
            if (map == figures.end() || numbers == value.end() || !numbers->is_array()) continue;
            for (auto& number : *numbers) {
                if (!number.is_number()) continue;
                auto to = map->second.find(number.get<double>());
                if (to == map->second.end() || !to->second) continue;
                double v = *to->second;
                if (v == static_cast<double>(static_cast<int64_t>(v))) number = static_cast<int64_t>(v);
                else number = v;
            }
        }
    }
    for (auto& [key, child] : value.items()) replaceClaimFigures(child, figures);
}

/// The document of one exam variant: the scenario with the variant's replacements and persona.
/// Pointers into it are the scenario's, so diagnostics point at the scenario's own lines.
std::optional<JsonDocument> variantDocument(const JsonDocument& doc, std::string_view variantId) {
    auto variants = doc.value.find("variants");
    if (variants == doc.value.end()) return std::nullopt;
    for (const json& variant : *variants) {
        if (variant["id"].get<std::string>() != variantId) continue;
        JsonDocument out = doc;
        out.value.erase("variants");
        std::vector<std::pair<std::string, std::string>> replacements;
        for (const json& pair : variant["replace"])
            replacements.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
        int64_t budget = static_cast<int64_t>(kMaxContentBytes);
        if (!replaceStrings(out.value, {}, replacements, budget)) return std::nullopt;
        replaceClaimFigures(out.value, variantFigures(replacements));
        if (auto persona = variant.find("persona"); persona != variant.end())
            for (const auto& [field, value] : persona->items()) out.value["persona"][field] = value;
        out.value["id"] = doc.value["id"].get<std::string>() + "--" + std::string(variantId);
        return out;
    }
    return std::nullopt;
}

/// Builds the scenario, or one of its exam variants, from a document that passed the schema.
ScenarioLoad buildChecked(const JsonDocument& doc, const LexiconSet* lexicons, std::string_view variant,
                          RegexBudget* budget) {
    ScenarioLoad load;
    std::optional<JsonDocument> varied;
    if (!variant.empty()) {
        varied = variantDocument(doc, variant);
        if (!varied) {
            load.diagnostics.push_back(doc.diagnostic("SD077", Severity::Error, "/variants",
                                                      "the variant is missing, or its replacements grow the scenario "
                                                      "past " + std::to_string(kMaxContentBytes) + " bytes"));
            return load;
        }
    }
    ScenarioBuilder builder(varied ? *varied : doc, load.diagnostics, lexicons, budget);
    auto scenario = builder.build();
    if (!scenario) return load;
    if (varied) {
        scenario->variantOf = doc.value["id"].get<std::string>();
        scenario->variantId = std::string(variant);
        // The variant's bytes are the scenario file's; its hash tells the two apart in the store.
        scenario->contentHash = contentHash(doc.text + "\n#variant " + scenario->variantId);
        if (scenario->id.find("--") != scenario->variantOf.size())
            load.diagnostics.push_back(doc.diagnostic("SD011", Severity::Error, "/id",
                                                      "a scenario with exam variants cannot have \"--\" in its id"));
    } else if (auto variants = doc.value.find("variants"); variants != doc.value.end()) {
        for (const json& v : *variants) scenario->variantIds.push_back(v["id"].get<std::string>());
    }
    scenario->structure = structuralFingerprint(varied ? varied->value : doc.value);
    load.scenario = scenario;
    return load;
}

} // namespace

ScenarioLoad buildScenario(const JsonDocument& doc, const SchemaChecker& schemas, const LexiconSet* lexicons,
                           std::string_view variant, RegexBudget* budget) {
    ScenarioLoad load;
    load.diagnostics = schemas.check(doc, ContentKind::Scenario);
    if (hasErrors(load.diagnostics)) return load;
    if (variant.empty()) {
        // A variant's text is the scenario's with its replacements: its placeholders are checked here, once.
        auto placeholders = checkPlaceholders(doc);
        load.diagnostics.insert(load.diagnostics.end(), placeholders.begin(), placeholders.end());
        if (hasErrors(load.diagnostics)) return load;
    }
    ScenarioLoad built = buildChecked(doc, lexicons, variant, budget);
    load.scenario = built.scenario;
    load.diagnostics.insert(load.diagnostics.end(), built.diagnostics.begin(), built.diagnostics.end());
    return load;
}

ScenarioLoad buildVariant(const JsonDocument& doc, const LexiconSet* lexicons, std::string_view variant,
                          RegexBudget* budget) {
    return buildChecked(doc, lexicons, variant, budget);
}

std::string structuralFingerprint(const json& value, std::string_view field) {
    if (value.is_string()) return isStructuralField(field) ? value.dump() : field == "critical" ? "!" : "\"\"";
    // A claim's figures are the case's facts, which a variant changes as it changes its text; they
    // wire nothing the graph checks read.
    if (field == "allowed" || field == "also_right") return value.is_array() ? "[#]" : "#";
    if (value.is_object()) {
        std::string out = "{";
        for (const auto& [key, child] : value.items()) {
            if (key == "variants" || (field.empty() && key == "id")) continue;  // a variant's own id is not its structure
            out += json(key).dump() + ":" + structuralFingerprint(child, childField(field, key)) + ",";
        }
        return out + "}";
    }
    if (value.is_array()) {
        std::string out = "[";
        for (const auto& child : value) out += structuralFingerprint(child, field) + ",";
        return out + "]";
    }
    return value.dump();
}

namespace {

/// Who this case is about, by name: the persona's name and company, and the people its background
/// names ("Ingrid Holm", "the account owner, Fiona Hart": two capitalised words in a row). A typed
/// reply that names them names no other customer.
std::vector<std::string> namesOfTheCase(const Persona& persona) {
    std::vector<std::string> out;
    for (const std::string* name : {&persona.name, &persona.company})
        if (!name->empty()) out.push_back(*name);
    auto capitalised = [](std::string_view word) { return !word.empty() && std::isupper(static_cast<unsigned char>(word[0])); };
    std::vector<std::string_view> words;
    std::string_view background = persona.background;
    for (size_t at = 0; at < background.size();) {
        size_t end = at;
        while (end < background.size() && (std::isalpha(static_cast<unsigned char>(background[end])) || (background[end] & 0x80) ||
                                           background[end] == '\'' || background[end] == '-'))
            ++end;
        if (end > at) {
            words.push_back(background.substr(at, end - at));
            // Punctuation between two words breaks the pair ("…in October. Margaret said").
            if (end < background.size() && background[end] != ' ') words.push_back("");
        }
        at = end + 1;
    }
    for (size_t i = 0; i + 1 < words.size(); ++i)
        if (capitalised(words[i]) && capitalised(words[i + 1])) out.push_back(std::string(words[i]) + " " + std::string(words[i + 1]));
    return out;
}

} // namespace

void applyReplyChecks(Scenario& scenario, const Rubric* rubric, const std::shared_ptr<const ReplyAnalyzer>& analyzer) {
    if (!analyzer) return;
    std::vector<std::string> caseNames = namesOfTheCase(scenario.persona);
    for (auto& node : scenario.nodes) {
        if (node.kind != NodeKind::FreeText) continue;
        for (auto& rule : node.rules)
            if (rule.kind == "signal") {
                rule.analyzer = analyzer;
                rule.caseNames = caseNames;
            }
        if (!rubric) continue;
        const auto& skip = node.skipReplyChecks;
        if (std::find(skip.begin(), skip.end(), "all") != skip.end()) continue;
        for (const auto& check : rubric->replyChecks) {
            if (std::find(skip.begin(), skip.end(), check.id) != skip.end()) continue;
            TextRule rule;
            rule.id = "check:" + check.id;
            rule.kind = "signal";
            rule.description = check.description.empty() ? "Reply check: " + check.signal : check.description;
            rule.signal = check.signal;
            rule.dataKinds = check.kinds;
            rule.minCount = check.minCount;
            rule.above = check.above;
            rule.analyzer = analyzer;
            rule.caseNames = caseNames;
            for (const auto& [criterion, level] : check.levels) rule.points[criterion] = level;
            rule.caps = true;
            rule.inherited = true;
            rule.critical = check.critical;
            rule.noSubstance = check.noSubstance;
            rule.mood = check.mood;
            rule.feedback = check.feedback;
            rule.cite = check.cite;
            node.rules.push_back(std::move(rule));
        }
    }
}

RubricLoad buildRubric(const JsonDocument& doc, const SchemaChecker& schemas) {
    RubricLoad load;
    load.diagnostics = schemas.check(doc, ContentKind::Rubric);
    if (hasErrors(load.diagnostics)) return load;
    auto error = [&](const std::string& code, const std::string& pointer, std::string message) {
        load.diagnostics.push_back(doc.diagnostic(code, Severity::Error, pointer, std::move(message)));
    };
    const json& root = doc.value;
    auto r = std::make_shared<Rubric>();
    r->sourcePath = doc.path;
    r->contentHash = contentHash(doc.text);
    r->sourceText = doc.text;
    r->id = root["id"];
    checkId(doc, r->id, "/id", load.diagnostics);
    r->version = root["version"];
    r->title = root["title"];
    r->description = root.value("description", "");
    r->passThreshold = root["pass_threshold"];
    r->naRule = root["na_rule"] == "exclude" ? NaRule::Exclude : NaRule::CountAsPass;
    r->criticalRule = root["critical_rule"] == "zero_score" ? CriticalRule::ZeroScore : CriticalRule::FailKeepScore;
    std::map<std::string, std::string> firstDefinition;
    const json& sections = root["sections"];
    for (size_t s = 0; s < sections.size(); ++s) {
        RubricSection section{sections[s]["id"], sections[s]["title"]};
        const json& criteria = sections[s]["criteria"];
        for (size_t c = 0; c < criteria.size(); ++c) {
            const json& body = criteria[c];
            std::string pointer = "/sections/" + std::to_string(s) + "/criteria/" + std::to_string(c);
            Criterion criterion;
            criterion.id = body["id"];
            checkId(doc, criterion.id, pointer + "/id", load.diagnostics);
            auto [it, inserted] = firstDefinition.emplace(criterion.id, pointer);
            if (!inserted)
                error("SD061", pointer + "/id",
                      "criterion \"" + criterion.id + "\" is already defined at " + it->second +
                          "; expected ids unique across the rubric");
            criterion.title = body["title"];
            criterion.sectionId = section.id;
            criterion.sectionTitle = section.title;
            criterion.help = body["help"];
            criterion.standard = body.value("standard", "");
            criterion.weight = body["weight"];
            if (!(criterion.weight > 0))
                error("SD060", pointer + "/weight",
                      "weight " + body["weight"].dump() + " must be greater than 0");
            criterion.levels = scaleLevels(body["scale"].get<std::string>());
            criterion.anchors = body["anchors"].get<std::vector<std::string>>();
            if (static_cast<int>(criterion.anchors.size()) != criterion.levels)
                error("SD062", pointer + "/anchors",
                      std::to_string(criterion.anchors.size()) + " anchors for a " + body["scale"].get<std::string>() +
                          " scale; expected one per level (" + std::to_string(criterion.levels) + ")");
            criterion.critical = body.value("critical", false);
            if (body.value("auto", "") == "response_time") criterion.autoRating = AutoRating::ResponseTime;
            r->criteria.push_back(std::move(criterion));
        }
        r->sections.push_back(std::move(section));
    }
    const json& checks = root.value("reply_checks", json::array());
    std::set<std::string> checkIds;
    for (size_t i = 0; i < checks.size(); ++i) {
        const json& body = checks[i];
        std::string pointer = "/reply_checks/" + std::to_string(i);
        ReplyCheck check;
        check.id = body["id"];
        checkId(doc, check.id, pointer + "/id", load.diagnostics);
        if (!checkIds.insert(check.id).second)
            error("SD063", pointer + "/id", "reply check \"" + check.id + "\" is listed twice; expected ids unique");
        check.signal = body["signal"];
        check.kinds = body.value("kinds", std::vector<std::string>{});
        check.minCount = body.value("min_count", 1);
        if (body.contains("above")) check.above = body["above"].get<double>();
        check.description = body.value("description", "");
        for (const auto& [criterion, level] : body["levels"].items()) {
            const Criterion* c = r->findCriterion(criterion);
            if (!c) {
                error("SD064", pointer + "/levels/" + criterion,
                      "no criterion \"" + criterion + "\" in this rubric" + didYouMean(criterion, r->criterionIds()) +
                          "; expected a criterion id");
                continue;
            }
            if (level.get<int>() > c->maxLevel())
                error("SD064", pointer + "/levels/" + criterion,
                      "level " + level.dump() + " is above the top of \"" + criterion + "\"'s scale (" +
                          std::to_string(c->maxLevel()) + "); expected 0.." + std::to_string(c->maxLevel()));
            check.levels[criterion] = level.get<int>();
        }
        if (body.contains("critical")) check.critical = body["critical"].get<std::string>();
        check.noSubstance = body.value("no_substance", false);
        check.mood = body.value("mood", 0);
        check.feedback = body["feedback"];
        check.cite = body.value("cite", "");
        r->replyChecks.push_back(std::move(check));
    }
    if (!hasErrors(load.diagnostics)) load.rubric = r;
    return load;
}

} // namespace simdesk
