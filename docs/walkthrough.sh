#!/usr/bin/env bash
# The README's curl walk-through, runnable: dev login → create → RSVP → start → end.
# Usage: docs/walkthrough.sh [base-url]   (default http://127.0.0.1:8080, the embedded default)
# The packaged-jar test (EmbeddedDefaultIT) runs this against a server started in an empty directory.
set -euo pipefail
B="${1:-http://127.0.0.1:8080}"
json_field() { sed -E "s/.*\"$1\":(\"([^\"]*)\"|([0-9]+)).*/\2\3/"; }

# 1. Two dev logins: Ada hosts, Grace attends.
ADA=$(curl -sf -X POST "$B/api/dev/login" -H 'Content-Type: application/json' -d '{"userId": 7, "name": "Ada"}' | json_field token)
GRACE=$(curl -sf -X POST "$B/api/dev/login" -H 'Content-Type: application/json' -d '{"userId": 8, "name": "Grace"}' | json_field token)

# 2. Ada schedules a workshop an hour from now.
START=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -v+1H +%Y-%m-%dT%H:%M:%SZ)
WORKSHOP=$(curl -sf -X POST "$B/api/workshops" -H "Authorization: Bearer $ADA" -H 'Content-Type: application/json' \
  -d "{\"title\": \"Intro to Lectern\", \"scheduledStart\": \"$START\", \"durationMinutes\": 45}")
ID=$(echo "$WORKSHOP" | json_field id)
echo "created workshop $ID: $WORKSHOP"

# 3. Grace RSVPs.
echo "rsvp: $(curl -sf -X POST "$B/api/workshops/$ID/rsvp" -H "Authorization: Bearer $GRACE")"

# 4. Ada goes live, then ends it.
echo "start: $(curl -sf -X POST "$B/api/workshops/$ID/start" -H "Authorization: Bearer $ADA")"
ENDED=$(curl -sf -X POST "$B/api/workshops/$ID/end" -H "Authorization: Bearer $ADA")
echo "end: $ENDED"

# 5. Grace never joined the room, so the attendance report lists her as a no-show.
echo "attendance: $(curl -sf "$B/api/workshops/$ID/attendance" -H "Authorization: Bearer $ADA")"
echo "$ENDED" | grep -q '"status":"ended"' && echo "walk-through OK: workshop $ID ended"
