// The app's frame: the top bar, the current screen and the status bar, and the wiring of model,
// store worker, preferences and window.
#include "app.hpp"

#include "model.hpp"
#include "prefs.hpp"
#include "ui.hpp"

#include "core/calendar.hpp"
#include "store/pg.hpp"
#include "store/sqlite_store.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <filesystem>
#include <map>

namespace simdesk::app {

namespace {

constexpr const char* kRegularFont = SIMDESK_FONT_DIR "/DejaVuSans.ttf";
constexpr const char* kBoldFont = SIMDESK_FONT_DIR "/DejaVuSans-Bold.ttf";
// Certificates are set in DejaVu Serif: it reads like a printed certificate, not a screen.
constexpr const char* kCertificateFont = SIMDESK_FONT_DIR "/DejaVuSerif.ttf";
constexpr const char* kCertificateBoldFont = SIMDESK_FONT_DIR "/DejaVuSerif-Bold.ttf";
constexpr int kKeyF2 = 291, kKeyF3 = 292, kKeyF4 = 293, kKeyF5 = 294, kKeyF6 = 295;  // GLFW_KEY_F2…F6: the backend reports GLFW key codes

Clock readClock() {
    using namespace std::chrono;
    return Clock{duration_cast<seconds>(system_clock::now().time_since_epoch()).count(),
                 duration<double>(steady_clock::now().time_since_epoch()).count()};
}

/// What the top bar shows, most first, so it always fits on one line with View at its end: with
/// large text or a narrow window the subtitle goes, then the shortcut hints, then the profile's
/// name and Switch profile move into the View menu, and last the screens' tabs do too.
struct TopBarFit {
    bool subtitle = true, hints = true, profileInBar = true, tabsInBar = true;
};

TopBarFit fitTopBar(const AppModel& model, const FrameContext& ctx, float avail, const std::string& who) {
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const ProfileRow* p = model.profile();
    const bool playing = p && model.screen() == Screen::Play;
    auto tabsWidth = [&](bool hints) {
        if (!p) return 0.0f;
        float w = 30 * ctx.scale + buttonWidth(hints ? "Library  (F2)" : "Library") + buttonWidth(hints ? "My tracks  (F3)" : "My tracks") +
                  buttonWidth("My plays") + buttonWidth(hints ? "Dashboards  (F6)" : "Dashboards") + gap * 4;
        if (model.canReview())
            w += buttonWidth(hints ? "Calibration  (F4)" : "Calibration") + buttonWidth(hints ? "Team  (F5)" : "Team") + gap * 2;
        return playing ? w + buttonWidth(hints ? "Leave conversation (saved)" : "Leave") + gap : w;
    };
    const float brand = ImGui::CalcTextSize("simdesk").x, subtitle = gap + ImGui::CalcTextSize("Northwind Desk training").x;
    const float view = buttonWidth("View") + gap;
    const float profile = p ? ImGui::CalcTextSize(who.c_str()).x + buttonWidth("Switch profile") + gap * 2 : 0;
    TopBarFit fit;
    if (brand + subtitle + tabsWidth(true) + profile + view <= avail) return fit;
    fit.subtitle = false;
    if (brand + tabsWidth(true) + profile + view <= avail) return fit;
    fit.hints = false;
    if (brand + tabsWidth(false) + profile + view <= avail) return fit;
    fit.profileInBar = false;
    if (brand + tabsWidth(false) + view <= avail) return fit;
    fit.tabsInBar = false;
    return fit;
}

void drawTopBar(AppModel& model, FrameContext& ctx) {
    const ProfileRow* p = model.profile();
    const bool playing = p && model.screen() == Screen::Play;
    std::string who = p ? p->name + " · " + p->role : "";
    const TopBarFit fit = fitTopBar(model, ctx, ImGui::GetContentRegionAvail().x, who);
    const float right = buttonWidth("View") + (p && fit.profileInBar ? ImGui::CalcTextSize(who.c_str()).x + buttonWidth("Switch profile") + ImGui::GetStyle().ItemSpacing.x * 2 : 0);
    const bool hints = fit.hints;

    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ctx.palette.accent, "simdesk");
    if (fit.subtitle) {
        ImGui::SameLine();
        ImGui::TextDisabled("Northwind Desk training");
    }
    struct Tab {
        const char *label, *hinted, *id, *key;
        Screen target;
        std::function<void()> go;
    };
    std::vector<Tab> tabs;
    if (p) {
        tabs.push_back({"Library", "Library  (F2)", "tab-library", "F2", Screen::Library, [&] { model.showLibrary(); }});
        tabs.push_back({"My tracks", "My tracks  (F3)", "tab-tracks", "F3", Screen::Tracks, [&] { model.showTracks(ctx.clock); }});
        tabs.push_back({"My plays", "My plays", "tab-plays", "", Screen::Plays, [&] { model.showPlays(); }});
        tabs.push_back({"Dashboards", "Dashboards  (F6)", "tab-dashboards", "F6", Screen::Dashboards, [&] { model.showDashboards(ctx.clock); }});
        if (model.canReview()) {
            tabs.push_back({"Calibration", "Calibration  (F4)", "tab-reviews", "F4", Screen::Reviews, [&] { model.showReviews(); }});
            tabs.push_back({"Team", "Team  (F5)", "tab-team", "F5", Screen::Team, [&] { model.showTeam(ctx.clock); }});
        }
    }
    if (p && fit.tabsInBar) {
        Screen s = model.screen();
        ImGui::SameLine(0, 30 * ctx.scale);
        for (const Tab& t : tabs) {
            bool active = s == t.target;
            if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
            if (ImGui::Button((std::string(hints ? t.hinted : t.label) + "###" + t.id).c_str())) t.go();
            probe(ctx, t.id);
            if (active) ImGui::PopStyleColor();
            ImGui::SameLine();
        }
        if (playing) {
            if (ImGui::Button(hints ? "Leave conversation (saved)###leave" : "Leave###leave")) model.leavePlay();
            probe(ctx, "leave");
            ImGui::SameLine();
        }
    } else if (p) {
        // The screen's name in the tabs' place: the tabs themselves are in View.
        ImGui::SameLine(0, 30 * ctx.scale);
        std::string where(screenName(model.screen()));
        if (!where.empty()) where[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(where[0])));
        float room = ImGui::GetWindowContentRegionMax().x - ImGui::GetCursorPosX() - right - ImGui::GetStyle().ItemSpacing.x;
        ImGui::TextDisabled("%s", ellipsize(where, std::max(0.0f, room)).c_str());
        ImGui::SameLine();
    }
    if (p && fit.profileInBar) {
        ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - right));
        ImGui::TextUnformatted(who.c_str());
        ImGui::SameLine();
        if (ImGui::Button(model.onServer() ? "Sign out###switch-profile" : "Switch profile###switch-profile")) model.switchProfile();
        probe(ctx, "switch-profile");
        ImGui::SameLine();
    } else {
        ImGui::SameLine(0, 0);
        ImGui::SameLine(std::max(ImGui::GetCursorPosX() + ImGui::GetStyle().ItemSpacing.x, ImGui::GetWindowContentRegionMax().x - right));
    }
    if (ImGui::Button("View")) ImGui::OpenPopup("view");
    probe(ctx, "view");
    if (ImGui::BeginPopup("view")) {
        if (p && !fit.tabsInBar) {
            for (const Tab& t : tabs)
                if (ImGui::MenuItem(t.label, *t.key ? t.key : nullptr, model.screen() == t.target)) t.go();
            if (playing && ImGui::MenuItem("Leave conversation (saved)")) model.leavePlay();
            ImGui::Separator();
        }
        if (p && !fit.profileInBar) {
            ImGui::TextDisabled("%s", who.c_str());
            if (ImGui::MenuItem(model.onServer() ? "Sign out" : "Switch profile")) model.switchProfile();
            ImGui::Separator();
        }
        Theme theme = model.preferences().theme;
        if (ImGui::MenuItem("Dark theme", nullptr, theme == Theme::Dark)) model.setTheme(Theme::Dark);
        if (ImGui::MenuItem("Light theme", nullptr, theme == Theme::Light)) model.setTheme(Theme::Light);
        if (ImGui::MenuItem("High-contrast theme", nullptr, theme == Theme::HighContrast)) model.setTheme(Theme::HighContrast);
        ImGui::Separator();
        for (float scale : {1.0f, 1.25f, 1.5f, 2.0f}) {
            char label[32];
            std::snprintf(label, sizeof label, "Text size %.0f%%", scale * 100);
            if (ImGui::MenuItem(label, nullptr, model.preferences().uiScale == scale)) model.setUiScale(scale);
        }
        ImGui::EndPopup();
    }
    ImGui::Separator();
}

/// An irreversible act the model waits to have confirmed, as a modal: the act's button, or Cancel
/// (Escape). Closing it any other way cancels too.
void drawConfirmation(AppModel& model, FrameContext& ctx) {
    const auto& pending = model.confirmation();
    constexpr const char* kId = "Confirm###confirm";
    if (pending && !ImGui::IsPopupOpen(kId)) ImGui::OpenPopup(kId);
    if (!pending) {
        // Dropped by the model (the screen changed under it): close the window it left open.
        if (ImGui::IsPopupOpen(kId) && ImGui::BeginPopupModal(kId)) {
            ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
        }
        return;
    }
    ImGui::SetNextWindowSize(ImVec2(std::min(520 * ctx.scale, ImGui::GetMainViewport()->WorkSize.x * 0.9f), 0));
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(kId, nullptr, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) {
        model.cancelConfirmation();
        return;
    }
    Confirmation c = *pending;
    heading(ctx, c.title.c_str());
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(c.text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    bool yes = ImGui::Button((c.confirmLabel + "###confirm-yes").c_str());
    probe(ctx, "confirm-yes");
    ImGui::SameLine();
    bool no = primaryButton(ctx, "Cancel");  // the safe choice looks like the default
    probe(ctx, "confirm-no");
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) no = true;
    if (yes) model.confirm(ctx.clock);
    else if (no) model.cancelConfirmation();
    if (yes || no) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void drawStatusBar(AppModel& model, FrameContext& ctx) {
    ImGui::Separator();
    if (!model.message().empty()) ImGui::TextColored(ctx.palette.bad, "%s", model.message().c_str());
    else if (!model.notice().empty()) ImGui::TextColored(ctx.palette.good, "%s", model.notice().c_str());
    else if (model.hasUnsent()) ImGui::TextColored(ctx.palette.warn, "Not saved yet: a turn is kept and sent again shortly.");
    else ImGui::TextDisabled("%s", model.loading() ? "Saving…" : "All changes saved.");
}

} // namespace

void drawFrame(AppModel& model, FrameContext& ctx) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("simdesk", nullptr, flags);
    drawTopBar(model, ctx);
    // The store slow or away: said across the top, on every screen, while the frame goes on.
    if (std::string banner = model.banner(ctx.clock); !banner.empty()) {
        ImGui::TextColored(ctx.palette.warn, "%s", banner.c_str());
        probe(ctx, "banner");
        ImGui::Separator();
    }
    float status = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    // Play lays itself out to the window's height (its panels scroll on their own), so the page never does.
    ImGuiWindowFlags screenFlags = model.screen() == Screen::Play ? ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse : 0;
    ImGui::BeginChild("screen", ImVec2(0, -status), false, screenFlags);
    // ...not even to bring the focused reply box into view: Play keeps its card and panes in place.
    if (model.screen() == Screen::Play) ImGui::SetScrollY(0);
    switch (model.screen()) {
    case Screen::Start: drawStart(model, ctx); break;
    case Screen::Library: drawLibrary(model, ctx); break;
    case Screen::Play: drawPlay(model, ctx); break;
    case Screen::Debrief: drawDebrief(model, ctx); break;
    case Screen::Tracks: drawTracks(model, ctx); break;
    case Screen::Reviews: drawReviews(model, ctx); break;
    case Screen::Team: drawTeam(model, ctx); break;
    case Screen::Plays: drawPlays(model, ctx); break;
    case Screen::Dashboards: drawDashboards(model, ctx); break;
    case Screen::SignIn: drawSignIn(model, ctx); break;
    }
    ImGui::EndChild();
    drawStatusBar(model, ctx);
    drawConfirmation(model, ctx);
    ImGui::End();
    // F2 to F6 switch screens from anywhere, as in a help-desk console.
    if (model.profile() && ImGui::IsKeyPressed(kKeyF2, false)) model.showLibrary();
    if (model.profile() && ImGui::IsKeyPressed(kKeyF3, false)) model.showTracks(ctx.clock);
    if (model.canReview() && ImGui::IsKeyPressed(kKeyF4, false)) model.showReviews();
    if (model.canReview() && ImGui::IsKeyPressed(kKeyF5, false)) model.showTeam(ctx.clock);
    if (model.profile() && ImGui::IsKeyPressed(kKeyF6, false)) model.showDashboards(ctx.clock);
}

namespace {

/// Fonts at the window's scale: DejaVu Sans for text, bold for headings, with the symbols the
/// screens use (●○✓≠−…·) beyond Latin.
ImFont* loadFonts(float scale) {
    ImGuiIO& io = ImGui::GetIO();
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
    static const ImWchar extra[] = {0x0100, 0x024F, 0x2000, 0x206F, 0x2190, 0x21FF, 0x2200, 0x22FF,
                                    0x25A0, 0x25FF, 0x2605, 0x2605, 0x2700, 0x27BF, 0};
    builder.AddRanges(extra);
    static ImVector<ImWchar> ranges;  // must outlive the atlas build
    ranges.clear();
    builder.BuildRanges(&ranges);
    std::error_code ec;
    if (!std::filesystem::exists(kRegularFont, ec)) {
        io.Fonts->AddFontDefault();
        return nullptr;
    }
    io.Fonts->AddFontFromFileTTF(kRegularFont, 17.0f * scale, nullptr, ranges.Data);
    return io.Fonts->AddFontFromFileTTF(std::filesystem::exists(kBoldFont, ec) ? kBoldFont : kRegularFont, 24.0f * scale,
                                        nullptr, ranges.Data);
}

/// Opens the training records. Screenshots never create or change a database: without one they
/// run on the bundled content alone.
/// Whether --db / SIMDESK_DB names a team server: the app then opens on the sign-in screen.
bool recordsOnServer(const AppOptions& options) {
    return store::pg::isServerUri(store::resolveDatabasePath(options.dbPath).string());
}

Result<std::unique_ptr<store::TrainingStore>> openRecords(const AppOptions& options) {
    // On a server nothing is open until someone signs in (on the worker, from the sign-in screen).
    if (recordsOnServer(options)) return std::unique_ptr<store::TrainingStore>();
    std::filesystem::path path = store::resolveDatabasePath(options.dbPath);
    std::error_code ec;
    if (!options.screenshotPath.empty() && !std::filesystem::exists(path, ec)) return std::unique_ptr<store::TrainingStore>();
    auto opened = store::SqliteStore::open(path, {readClock().wall});
    if (!opened) return opened.error();
    return std::unique_ptr<store::TrainingStore>(std::move(*opened));
}

std::string exportFolder() {
    if (const char* dir = std::getenv("SIMDESK_EXPORT_DIR"); dir && *dir) return dir;
    const char* home = std::getenv("HOME");
    std::filesystem::path base = home && *home ? home : ".";
    // ~/Documents even on a fresh home without one: saving creates it (the README says so).
    return (base / "Documents").string();
}

/// Certificates as textures: rendered on the worker (it reads font files), uploaded on the UI thread.
class CertificateTextures {
public:
    explicit CertificateTextures(StoreWorker& worker) : worker_(&worker) {}
    ~CertificateTextures() { clear(); }

    ImTextureID get(const AppModel& model, const std::string& trackId, ImVec2& size) {
        auto text = model.certificateText(trackId);
        if (!text) return ImTextureID{};
        std::string key = trackId + "|" + text->traineeName + "|" + text->awardedOn;
        auto& entry = entries_[key];
        if (!entry.requested) {
            entry.requested = true;
            worker_->post([this, key, text = *text](store::TrainingStore*) -> StoreWorker::Apply {
                auto image = renderCertificate(text, kCertificateFont, kCertificateBoldFont);
                if (!image) return {};
                return [this, key, image = std::move(*image)] {
                    auto& e = entries_[key];
                    e.texture = uploadTexture(image);
                    e.size = ImVec2(static_cast<float>(image.width), static_cast<float>(image.height));
                };
            });
        }
        size = entry.size;
        return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(entry.texture));
    }

    void clear() {
        for (auto& [key, e] : entries_) deleteTexture(e.texture);
        entries_.clear();
    }

private:
    struct Entry {
        bool requested = false;
        unsigned int texture = 0;
        ImVec2 size;
    };
    StoreWorker* worker_;
    std::map<std::string, Entry> entries_;
};

/// Writes the test probe when what it says changed (only under SIMDESK_UI_PROBE).
void writeProbe(const std::string& path, const AppModel& model, const FrameContext& ctx, std::string& last) {
    nlohmann::json widgets = nlohmann::json::object();
    for (const auto& [name, r, whole] : ctx.probes) widgets[name] = {r.x, r.y, r.z, r.w, whole ? 1 : 0};
    const char* kinds[] = {"choice", "free_text", "finished"};
    nlohmann::json j = {{"screen", screenName(model.screen())},
                        {"prompt", model.play().session ? kinds[static_cast<int>(model.prompt().kind)] : ""},
                        {"choices", model.choiceButtons().size()},
                        {"session_id", model.play().sessionId},
                        {"busy", model.loading()},
                        {"message", model.message()},
                        {"widgets", widgets}};
    // Where the conversation is and what the trainee has typed, so the end-to-end test
    // (tests/test_app_e2e.cpp) waits on the app's state instead of on time, and the score the
    // debrief shows, to compare with the stored scoring run.
    const PlayState& play = model.play();
    j["node"] = play.session ? play.session->prompt().nodeId : "";
    nlohmann::json shown = nlohmann::json::array();  // choice ids in the (shuffled) order on screen
    for (const auto& b : model.choiceButtons()) shown.push_back(b.id);
    j["choice_ids"] = std::move(shown);
    j["turns"] = play.session ? play.session->transcript().traineeTurnCount() : 0;
    j["draft"] = play.replyDraft;
    j["text_input"] = ImGui::GetIO().WantTextInput;  // number keys and Enter go to a text field
    j["mouse_down"] = ImGui::GetIO().MouseDown[0];     // a click is seen once down, then once up
    j["mouse"] = {static_cast<int>(ImGui::GetIO().MousePos.x), static_cast<int>(ImGui::GetIO().MousePos.y)};
    int keysDown = 0;  // a key press is seen once down, then once up, like a click
    for (bool down : ImGui::GetIO().KeysDown) keysDown += down;
    j["keys_down"] = keysDown;
    j["profile"] = model.profile() ? model.profile()->name : "";
    // Signing in: never the password, only whether one is typed.
    j["signin_server"] = model.signInForm().server;
    j["signin_name"] = model.signInForm().name;
    j["signin_password_typed"] = !model.signInForm().password.empty();
    j["signin_connecting"] = model.signInForm().connecting;
    j["signin_error"] = model.signInForm().error;
    j["on_server"] = model.onServer();
    j["acked_entries"] = play.ackedEntries;
    j["unsent"] = model.hasUnsent();
    if (model.screen() == Screen::Debrief) {
        j["score"] = model.debrief().card.finalPercent;
        j["passed"] = model.debrief().card.passed;
        const CoachingDraft& coaching = model.debrief().coaching;  // what a reviewer has typed
        j["coaching"] = {{"criterion", coaching.criterionId}, {"level", coaching.level}, {"reason", coaching.reason}, {"plan", coaching.plan}};
    }
    if (model.screen() == Screen::Reviews && model.reviews().open) {
        // The round on the right: whether the profile has graded it, whether it is revealed, and for
        // a session's round its deadline, benchmark and the report's figures (what the test checks).
        const RoundView& view = *model.reviews().open;
        nlohmann::json round = {{"id", view.row.id}, {"revealed", view.row.revealed}, {"submitted", view.submitted},
                                {"graders", view.progress.size()}, {"can_reveal", view.canReveal}};
        if (view.session) {
            nlohmann::json intervals = nlohmann::json::array(), aligned = nlohmann::json::object();
            for (const auto& r : view.sessionReliability)
                if (r.interval) intervals.push_back(r.criterionId);
            for (const auto& g : view.alignment)
                if (g.overall()) aligned[g.grader] = *g.overall();
            round["session"] = {{"id", view.session->id}, {"name", view.session->name}, {"rounds", view.session->roundIds},
                                {"deadline", isoDate(view.session->deadline)}, {"benchmark", view.session->benchmarkName},
                                {"intervals", intervals}, {"alignment", aligned}};
        }
        j["round"] = std::move(round);
    }
    std::string text = j.dump();
    if (text == last) return;
    last = text;
    std::string temp = path + ".tmp";
    if (FILE* f = std::fopen(temp.c_str(), "w")) {
        std::fputs(text.c_str(), f);
        std::fclose(f);
        std::rename(temp.c_str(), path.c_str());
    }
}

void savePreferencesLater(StoreWorker& worker, const Preferences& prefs) {
    worker.post([prefs](store::TrainingStore*) -> StoreWorker::Apply {
        auto saved = savePreferences(prefs, preferencesPath());
        if (!saved) std::fprintf(stderr, "simdesk: %s\n", saved.error().message.c_str());
        return {};
    });
}

/// The dashboards as a lead sees them, on the tab the screen's name ends with
/// ("dashboards-choices"); "dashboards" alone opens the score trend.
void prepareDashboards(AppModel& model, const std::string& screen, const Clock& clock) {
    if (!model.canReview())
        for (const auto& p : model.profiles())
            if (p.role == "lead" && !p.archived) {
                model.selectProfile(p.id);
                model.update();
                break;
            }
    model.showDashboards(clock);
    const char* tabs[] = {"dashboards", "dashboards-criteria", "dashboards-choices", "dashboards-certification", "dashboards-calibration"};
    for (int i = 0; i < 5; ++i)
        if (screen == tabs[i]) model.dashboard().openTab = i;
    model.update();
}

/// For --screenshot --screen NAME: puts the model on that screen with something to show.
void prepareScreenshot(AppModel& model, const std::string& screen, const Clock& clock) {
    model.update();
    if (screen == "sign-in") {
        // The form as a trainee finds it, their name typed; no connection is made.
        model.showSignIn("postgresql://db.northwind.example/simdesk");
        model.signInForm().name = "Ana Lima";
        return;
    }
    const auto listed = model.pickerProfiles();  // archived profiles are not shown
    for (const ProfileRow* p : listed)
        if (p->name == model.preferences().lastProfile) model.selectProfile(p->id);
    if (!model.profile() && !listed.empty() && screen != "start") model.selectProfile(listed.front()->id);
    model.update();
    const bool needsReview = screen == "needs-review";  // the Reviews screen showing its queue
    const bool disputes = screen == "disputes";         // ...or the trainees' disputes
    const bool sessionReport = screen == "reviews-session";  // … scrolled to a revealed session's figures
    if (screen.starts_with("dashboards")) return prepareDashboards(model, screen, clock);
    const bool playVariant = screen == "play-choices" || screen == "play-article";
    Screen target = needsReview || disputes || sessionReport ? Screen::Reviews
                    : playVariant                            ? Screen::Play
                                                             : parseScreen(screen).value_or(Screen::Library);
    if (target == Screen::Start) model.switchProfile();
    else if (target == Screen::Tracks) model.showTracks(clock);
    else if (target == Screen::Plays) model.showPlays();
    else if (target == Screen::Reviews || target == Screen::Team) {
        if (!model.canReview())
            for (const auto& p : model.profiles())
                if (p.role != "trainee" && !p.archived) {
                    model.selectProfile(p.id);
                    model.update();
                    break;
                }
        if (target == Screen::Team) {
            model.showTeam(clock);
        } else {
            model.showReviews();
            model.update();
            // The newest revealed round (its report says the most), else the newest.
            const auto& rounds = model.reviews().rounds;
            auto shown = std::find_if(rounds.begin(), rounds.end(), [](const RoundRow& r) { return r.revealed; });
            if (shown == rounds.end()) shown = rounds.begin();
            if (needsReview) model.reviews().showQueue = true;
            else if (disputes) model.reviews().showDisputes = true;
            else if (shown != rounds.end()) model.openRound(shown->id);
            model.update();
            if (sessionReport && model.reviews().open) model.reviews().open->jumpToSessionFigures = true;
        }
    }
    else if (target == Screen::Debrief) {
        int64_t latest = 0;
        for (const auto& row : model.rows()) latest = std::max(latest, row.lastSessionId);
        if (latest) model.openStoredDebrief(latest);
        else model.loadSample(Screen::Debrief, clock);
    } else if (target == Screen::Play) {
        model.loadSample(Screen::Play, clock, screen == "play-choices");
        // play-article: the knowledge-base panel showing the case's first suggested article.
        if (screen == "play-article" && model.play().session && !model.play().session->scenario().knowledge.empty())
            model.openArticle(model.play().session->scenario().knowledge.front());
    }
    model.update();
}

} // namespace

int runApp(const ContentLibrary& library, const AppOptions& options) {
    bool screenshot = !options.screenshotPath.empty();
    if (!options.screen.empty() && !parseScreen(options.screen) && options.screen != "needs-review" &&
        options.screen != "disputes" && options.screen != "reviews-session" && options.screen != "play-choices" &&
        options.screen != "play-article" && !options.screen.starts_with("dashboards-")) {
        std::fprintf(stderr, "simdesk: unknown screen \"%s\"; expected start, library, play, play-choices, play-article, debrief, "
                             "tracks, plays, reviews, reviews-session, needs-review, disputes, team, sign-in, dashboards or "
                             "dashboards-criteria|choices|certification|calibration\n",
                     options.screen.c_str());
        return 2;
    }
    std::string warning;
    Preferences prefs = loadPreferences(preferencesPath(), &warning);
    if (!warning.empty()) std::fprintf(stderr, "simdesk: %s\n", warning.c_str());
    auto records = openRecords(options);
    if (!records) {
        std::fprintf(stderr, "simdesk: %s\n", records.error().message.c_str());
        return 1;
    }
    std::unique_ptr<StoreWorker> worker;
    if (screenshot) worker = std::make_unique<InlineWorker>(records->get());
    else worker = std::make_unique<ThreadWorker>(std::move(*records), wakeWindow);

    AppModel model(library, *worker, prefs);
    // Signing in connects on the worker; a server that does not answer gives up after 10 s.
    model.setServerConnector(
        serverConnector(10),
        [options]() -> Result<std::unique_ptr<store::TrainingStore>> {
            auto opened = store::SqliteStore::open(store::resolveDatabasePath(options.dbPath), {readClock().wall});
            if (!opened) return opened.error();
            return std::unique_ptr<store::TrainingStore>(std::move(*opened));
        });
    // A turn a server has not acknowledged is kept on this computer, so closing the window loses none.
    if (!screenshot) model.keepUnsentIn(defaultUnsentRoot());
    if (!screenshot && recordsOnServer(options))
    {
        // The address in the form without any password the URI carried: it is typed, never shown.
        std::string shown = store::pg::withoutPassword(store::resolveDatabasePath(options.dbPath).string());
        if (size_t at = shown.find(":***@"); at != std::string::npos) shown.erase(at, 4);
        model.showSignIn(shown, true);
    }
    CertificateTextures certificates(*worker);
    if (screenshot) prepareScreenshot(model, options.screen.empty() ? "library" : options.screen, readClock());

    FrameContext ctx;
    std::string layout = prefs.imguiLayout;  // ImGui's latest layout text, saved with every change
    auto save = [&](Preferences p) {
        p.imguiLayout = layout;
        savePreferencesLater(*worker, p);
    };
    Theme appliedTheme = prefs.theme;
    float appliedScale = 0;
    WindowHooks hooks;
    hooks.setup = [&](float contentScale) {
        ctx.scale = contentScale * model.preferences().uiScale;
        ctx.largeFont = loadFonts(ctx.scale);
        ctx.palette = applyTheme(model.preferences().theme, ctx.scale);
        appliedTheme = model.preferences().theme;
        appliedScale = model.preferences().uiScale;
        if (!model.preferences().imguiLayout.empty() && ImGui::GetFrameCount() == 0)
            ImGui::LoadIniSettingsFromMemory(model.preferences().imguiLayout.c_str());
    };
    hooks.rebuild = [&] { return appliedScale != model.preferences().uiScale; };
    ctx.certificateTexture = [&](const std::string& trackId, ImVec2& size) { return certificates.get(model, trackId, size); };
    ctx.exportFolder = exportFolder();
    ctx.regularFont = kCertificateFont;
    ctx.boldFont = kCertificateBoldFont;
    const char* probePath = std::getenv("SIMDESK_UI_PROBE");
    std::string lastProbe;
    ctx.probing = probePath && *probePath;
    hooks.frame = [&] {
        model.update();
        ctx.clock = readClock();
        ctx.probes.clear();
        if (appliedTheme != model.preferences().theme) {
            ctx.palette = applyTheme(model.preferences().theme, ctx.scale);
            appliedTheme = model.preferences().theme;
        }
        drawFrame(model, ctx);
        if (!screenshot) model.keepDraft(ctx.clock);  // the reply being typed, kept as a draft
        if (!screenshot) model.tick(ctx.clock);       // turns the store did not acknowledge, sent again
        if (!screenshot) model.checkHealthIfDue(ctx.clock);  // the daily whole-file check, on the worker
        if (ctx.probing) writeProbe(probePath, model, ctx, lastProbe);
        ImGuiIO& io = ImGui::GetIO();
        if (!screenshot && io.WantSaveIniSettings) {
            layout = ImGui::SaveIniSettingsToMemory();
            io.WantSaveIniSettings = false;
            save(model.preferences());
        }
        if (!screenshot && model.preferencesChanged()) {
            save(model.preferences());
            model.preferencesSaved();
        }
        // The response clock moves on its own while a conversation waits for the trainee.
        // A rescore's progress line moves while the worker counts.
        return model.screen() == Screen::Play || model.signInForm().connecting || model.hasUnsent() || model.rescoring() ? 0.25 : 1.0;
    };
    hooks.closing = [&](int width, int height) {
        certificates.clear();
        if (!screenshot) {
            Preferences p = model.preferences();
            p.windowWidth = width;
            p.windowHeight = height;
            layout = ImGui::SaveIniSettingsToMemory();
            save(p);
            model.flushDraft(readClock());  // a reply typed just before closing is kept too
            model.sendUnsentNow();          // a turn the server has not acknowledged: one last try (kept on disk if refused)
        }
        model.cancelRescore();  // a rescore running stops, keeping nothing, rather than hold up the close
        worker.reset();  // finishes every write already posted: closing the window loses nothing sent
    };
    WindowConfig config{options.title, prefs.windowWidth, prefs.windowHeight, options.quitAfterFrames, options.screenshotPath};
    if (screenshot) {
        config.width = std::clamp(options.screenshotWidth > 0 ? options.screenshotWidth : 1280, 640, 7680);
        config.height = std::clamp(options.screenshotHeight > 0 ? options.screenshotHeight : 800, 480, 4320);
    }
    return runWindow(config, hooks);
}

} // namespace simdesk::app
