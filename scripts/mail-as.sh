#!/usr/bin/env bash
# Sends one mail as a user of the local lab servers (scripts/mailserver.sh), with curl only:
#
#   scripts/mail-as.sh USER --to RCPT [--subject S] [--reply-to-last] [--attach FILE]... < body
#
# USER and RCPT are lab users (pokja1, staff1, lkpp, helpdesk, ...) or full addresses; --to and
# --attach may be repeated. The body (UTF-8) is read from stdin. --reply-to-last answers the
# newest message in USER's INBOX, read over IMAP, as a mail client's Reply does: "Re: <its
# subject>" (unless --subject is given), In-Reply-To its Message-ID, References its References
# plus its Message-ID. Prints the Message-ID of the mail sent.
#
# Environment (as `scripts/mailserver.sh env` sets it): LPSE_TEST_MAIL_HOST (127.0.0.1),
# LPSE_TEST_SMTP_PORT (2525), LPSE_TEST_IMAP_PORT (3143), LPSE_TEST_MAIL_DOMAIN (lpse.test),
# LPSE_TEST_MAIL_PASSWORD (secret; every lab user has the same one).
set -euo pipefail

HOST=${LPSE_TEST_MAIL_HOST:-127.0.0.1}
SMTP_PORT=${LPSE_TEST_SMTP_PORT:-2525}
IMAP_PORT=${LPSE_TEST_IMAP_PORT:-3143}
DOMAIN=${LPSE_TEST_MAIL_DOMAIN:-lpse.test}
PASSWORD=${LPSE_TEST_MAIL_PASSWORD:-secret}

die() { printf 'mail-as: %s\n' "$*" >&2; exit 2; }
usage() { die "usage: $0 USER --to RCPT [--subject S] [--reply-to-last] [--attach FILE]... < body"; }
address() { [[ $1 == *@* ]] && printf '%s' "$1" || printf '%s@%s' "$1" "$DOMAIN"; }
# Header values come from the command line and from a mail: no line break may end up in them.
one_line() { printf '%s' "$1" | tr -d '\r\n'; }

[[ $# -ge 1 && $1 != -* ]] || usage
FROM=$(address "$1")
shift
RCPTS=() FILES=() SUBJECT="" REPLY=false
while [[ $# -gt 0 ]]; do
  case $1 in
    --to) [[ $# -ge 2 ]] || usage; RCPTS+=("$(address "$2")"); shift 2 ;;
    --subject) [[ $# -ge 2 ]] || usage; SUBJECT=$2; shift 2 ;;
    --attach) [[ $# -ge 2 ]] || usage; [[ -r $2 ]] || die "cannot read $2"; FILES+=("$2"); shift 2 ;;
    --reply-to-last) REPLY=true; shift ;;
    *) usage ;;
  esac
done
[[ ${#RCPTS[@]} -gt 0 ]] || usage
[[ -n $SUBJECT || $REPLY == true ]] || die "--subject is needed unless --reply-to-last gives it"

imap() { curl -sS --user "$FROM:$PASSWORD" "imap://$HOST:$IMAP_PORT/$1" "${@:2}"; }

# The first value of header $1 in the header block on stdin (folded lines joined).
header_value() {
  tr -d '\r' | sed -e ':a' -e '$!N' -e 's/\n[ \t]\+/ /' -e 'ta' -e 'P' -e 'D' | sed -n "s/^$1:[ \t]*//Ip" | head -n 1
}

HEADERS=()
if [[ $REPLY == true ]]; then
  count=$(imap INBOX -X 'EXAMINE INBOX' | tr -d '\r' | sed -n 's/^\* \([0-9]\+\) EXISTS$/\1/p')
  [[ ${count:-0} -gt 0 ]] || die "no message in $FROM's INBOX to reply to"
  last=$(imap "INBOX;MAILINDEX=$count;SECTION=HEADER.FIELDS%20(MESSAGE-ID%20SUBJECT%20REFERENCES)")
  parent=$(header_value Message-ID <<<"$last")
  [[ -n $parent ]] || die "the newest message in $FROM's INBOX has no Message-ID"
  references=$(header_value References <<<"$last")
  # An encoded subject (=?UTF-8?Q?...?=) stays encoded: "Re: " before it is still a valid header.
  parent_subject=$(header_value Subject <<<"$last")
  if [[ -z $SUBJECT ]]; then
    shopt -s nocasematch
    [[ $parent_subject == re:* ]] && SUBJECT=$parent_subject || SUBJECT="Re: $parent_subject"
    shopt -u nocasematch
  fi
  HEADERS+=(-H "In-Reply-To: $(one_line "$parent")" -H "References: $(one_line "${references:+$references }$parent")")
fi

SUBJECT=$(one_line "$SUBJECT")
# Non-ASCII subjects go out as one RFC 2047 encoded word.
if LC_ALL=C grep -q '[^ -~]' <<<"$SUBJECT"; then SUBJECT="=?UTF-8?B?$(printf '%s' "$SUBJECT" | base64 -w 0)?="; fi
MESSAGE_ID="<$(date +%s%N).$$@${FROM#*@}>"

PARTS=()
for f in "${FILES[@]}"; do
  case ${f,,} in
    *.png) type=image/png ;;
    *.jpg | *.jpeg) type=image/jpeg ;;
    *.gif) type=image/gif ;;
    *.pdf) type=application/pdf ;;
    *.txt) type=text/plain ;;
    *) type=application/octet-stream ;;
  esac
  PARTS+=(-F "=@\"${f//\"/\\\"}\";type=$type;encoder=base64")
done

to_header=$(IFS=,; printf '%s' "${RCPTS[*]}" | sed 's/,/, /g')
rcpt_args=()
for r in "${RCPTS[@]}"; do rcpt_args+=(--mail-rcpt "$r"); done

# curl's quoted-printable encoder keeps CRLF line breaks and encodes bare LF: send CRLF.
sed 's/\r\?$/\r/' | curl -sS "smtp://$HOST:$SMTP_PORT" --user "$FROM:$PASSWORD" \
  --mail-from "$FROM" "${rcpt_args[@]}" \
  -H "From: $FROM" -H "To: $to_header" -H "Subject: $SUBJECT" -H "Date: $(date -R)" -H "Message-ID: $MESSAGE_ID" \
  "${HEADERS[@]}" \
  -F '=<-;type=text/plain; charset=UTF-8;encoder=quoted-printable' \
  "${PARTS[@]}"
printf '%s\n' "$MESSAGE_ID"
