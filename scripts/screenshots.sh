#!/usr/bin/env bash
# Renders the README's screenshots from the current build: a demo trainee's records are made with
# the real command line (best-path exam plays of the new-hire track, practice plays with a
# typed reply), then each screen is drawn by `simdesk --screenshot FILE --screen NAME` under Xvfb.
# Usage: scripts/screenshots.sh [BUILD_DIR]   (default build/release; run scripts/start.sh once first)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build/release}/simdesk"
out=assets/screenshots
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SIMDESK_DB="$work/demo.db" SIMDESK_CONFIG="$work/app.json" LIBGL_ALWAYS_SOFTWARE=1

"$bin" people add "Alex Morgan" --start "$(date -u -d '-12 days' +%F)" --team "Day shift" \
  --track new-hire-foundations --track complaints-and-retention >/dev/null
# Levels open one after another, so the plays run in track order.
for scenario in ticket-export-self-service-chat upgrade-inquiry-phone rewards-points-dispute-chat missing-emails-forwarding-email \
                refund-double-charge headset-order-change-chat sso-plan-question-email seat-overcharge-complaint-email \
                public-complaint-social gdpr-access-request-email spanish-billing-chat salesforce-sync-chat-to-phone; do
  "$bin" play "$scenario" --best-path --trainee "Alex Morgan" --mode exam >/dev/null
done
"$bin" play api-outage-chat --script tests/golden/api-outage-chat.script.json --trainee "Alex Morgan" >/dev/null
# The latest play, which the debrief shows: a refund with shortcuts and a promise beyond authority.
id=$("$bin" play refund-double-charge --script scripts/demo/refund-shortcuts.script.json --trainee "Alex Morgan" --json |
     sed -n 's/^  "session_id": \([0-9]*\).*/\1/p')
# ...which a QA reviewer has since re-rated and annotated, as the trainee reads it in a coaching review.
"$bin" people add "Rui Costa" --role reviewer --start 2025-03-03 >/dev/null
"$bin" review "$id" --by "Rui Costa" --criterion empathy --level 2 \
  --reason "Kind words, but the apology came after the offer; own the double charge first" >/dev/null
"$bin" review "$id" --by "Rui Costa" --note "Goodwill above \$50 needs L2 Billing: ask before you promise. Replay this one in practice." >/dev/null
# A coaching plan from that review, and a blind calibration round on the same conversation, graded
# by three people and revealed, as a team calibration session would.
"$bin" coach plan "Alex Morgan" --by "Rui Costa" --session "$id" \
  --text "Own the mistake before the fix; check your goodwill limit (L1: \$50) before you offer anything. Replay refund-double-charge in practice, then in exam mode." >/dev/null
"$bin" people add "Eva Marsh" --role lead --start 2024-09-02 >/dev/null
"$bin" people add "Tom Berg" --role reviewer --start 2025-08-04 >/dev/null
round=$("$bin" calibrate new "$id" --by "Eva Marsh" --title "Week 49: refund shortcuts" | sed -n 's/^Calibration round #\([0-9]*\).*/\1/p')
grade() { who=$1; shift; args=(); for g in "$@"; do case $g in *=*=*) args+=(--note "${g#*=}");; *) args+=(--level "$g");; esac; done
          "$bin" calibrate grade "$round" --by "$who" "${args[@]}" >/dev/null; }
grade "Rui Costa" greeting=2 discovery=2 empathy=2 accuracy=1 resolution=2 policy=0 escalation=1 documentation=1 \
  response_time=2 closing=1 "note=empathy=The apology came after the offer" "note=escalation=Should have asked L2 Billing before offering"
grade "Tom Berg" greeting=2 discovery=1 empathy=4 accuracy=2 resolution=2 policy=0 escalation=2 documentation=1 \
  response_time=2 closing=2 "note=empathy=Warm and owning throughout"
grade "Eva Marsh" greeting=2 discovery=2 empathy=3 accuracy=1 resolution=1 policy=0 escalation=1 documentation=1 \
  response_time=2 closing=1 "note=policy=A \$570 credit is far past the L1 limit"
"$bin" calibrate reveal "$round" --by "Eva Marsh" >/dev/null
# The rest of the cohort, for the lead's team view: one overdue, one just started.
"$bin" people add "Priya Shah" --start "$(date -u -d '-41 days' +%F)" --team "Night shift" --track new-hire-foundations >/dev/null
"$bin" play ticket-export-self-service-chat --best-path --trainee "Priya Shah" --mode exam >/dev/null
"$bin" people add "Jonas Weber" --start "$(date -u -d '-4 days' +%F)" --team "Day shift" --track new-hire-foundations --track privacy-and-compliance >/dev/null
for scenario in ticket-export-self-service-chat upgrade-inquiry-phone; do
  "$bin" play "$scenario" --best-path --trainee "Jonas Weber" --mode exam >/dev/null
done
echo '{"last_profile": "Alex Morgan"}' > "$SIMDESK_CONFIG"

mkdir -p "$out"
for screen in start library play debrief tracks plays reviews team; do
  xvfb-run -a -s "-screen 0 1280x800x24" "$bin" --screenshot "$out/$screen.png" --screen "$screen" --frames 20
  echo "wrote $out/$screen.png"
done
# The smallest supported window at 150 % text: Play keeps the conversation, the coach's note and
# every control in reach (tests/test_app_layout.cpp checks the same at 100, 125, 150 and 200 %).
echo '{"last_profile": "Alex Morgan", "ui_scale": 1.5}' > "$SIMDESK_CONFIG"
xvfb-run -a -s "-screen 0 1280x800x24" "$bin" --screenshot "$out/play-150.png" --screen play-choices --window 1024x700 --frames 20
echo "wrote $out/play-150.png"

# The dashboards, as the lead Eva Marsh reads them. The command line recorded the demo plays just
# now (and the scripted ones on their scripts' dates); on a copy of the records each play is put
# half a day before the next, ending now, so the score trends span the fortnight the cohort would
# have taken (the other screenshots keep the records as made).
# A few more plays first, so the choice analytics have first and later attempts to compare.
"$bin" play refund-double-charge --script scripts/demo/refund-shortcuts.script.json --trainee "Priya Shah" >/dev/null
"$bin" play refund-double-charge --best-path --trainee "Priya Shah" >/dev/null
"$bin" play refund-double-charge --best-path --trainee "Jonas Weber" >/dev/null
cp "$SIMDESK_DB" "$work/dash.db"
sqlite3 "$work/dash.db" "UPDATE sessions SET
  started_at = (SELECT MAX(started_at) FROM sessions) - ((SELECT MAX(id) FROM sessions) - id) * 43200,
  ended_at = ended_at - started_at + (SELECT MAX(started_at) FROM sessions) - ((SELECT MAX(id) FROM sessions) - id) * 43200;"
shot() {  # shot FILE SCREEN SIZE SCALE THEME
  echo "{\"last_profile\": \"Eva Marsh\", \"ui_scale\": $4, \"theme\": \"$5\"}" > "$SIMDESK_CONFIG"
  SIMDESK_DB="$work/dash.db" xvfb-run -a -s "-screen 0 1700x1100x24" "$bin" --screenshot "$out/$1.png" --screen "$2" --window "$3" --frames 20
  echo "wrote $out/$1.png"
}
for tab in "" -criteria -choices -certification -calibration; do
  shot "dashboards$tab" "dashboards$tab" 1600x1000 1 dark
done
shot dashboards-light dashboards 1600x1000 1 light
shot dashboards-choices-light dashboards-choices 1600x1000 1 light
shot dashboards-150 dashboards 1024x700 1.5 dark
shot dashboards-150-light dashboards-choices 1024x700 1.5 light
