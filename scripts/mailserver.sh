#!/usr/bin/env bash
# Local mail servers for integration tests and development: Dovecot (IMAP with IDLE, MOVE,
# UIDPLUS; LMTP) and Postfix (SMTP with AUTH through Dovecot SASL, delivering to Dovecot over
# LMTP) from Debian's packages, on 127.0.0.1 only, with all state in a private folder.
# Only @lpse.test is delivered; every other address goes to an error: transport and bounces
# locally, so nothing ever leaves the machine. Needs root (installs the packages when missing).
#
#   scripts/mailserver.sh start|stop|restart|status|env|reset|install
#   scripts/mailserver.sh start-imap|stop-imap|restart-imap|start-smtp|stop-smtp|restart-smtp
#
# Ports: IMAP 3143; SMTP 2525 (AUTH, checked by Dovecot); "MX" 2526: SMTP without AUTH for
# mail from the outside world, lpse.test recipients only. Postfix's smtpd needs Dovecot for
# AUTH: while Dovecot is down, sessions on 2525 fail (454 or dropped), 2526 keeps accepting.
#
# Environment: LPSE_TEST_IMAP_PORT (3143), LPSE_TEST_SMTP_PORT (2525), LPSE_TEST_MX_PORT
# (2526), LPSE_MAILSERVER_DIR (default <repo>/var/mailserver, or a folder under /var/tmp when
# the repo is not enterable by the mail users), LPSE_TEST_MAIL_PASSWORD (secret),
# LPSE_TEST_MAIL_USERS (local parts; default below), LPSE_MAILSERVER_WAIT (seconds, 20).
# `eval "$(scripts/mailserver.sh env)"` gives a shell the host, ports, users and password.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
HOST=127.0.0.1
DOMAIN=lpse.test
IMAP_PORT=${LPSE_TEST_IMAP_PORT:-3143}
SMTP_PORT=${LPSE_TEST_SMTP_PORT:-2525}
MX_PORT=${LPSE_TEST_MX_PORT:-2526}
PASSWORD=${LPSE_TEST_MAIL_PASSWORD:-secret}
USERS=${LPSE_TEST_MAIL_USERS:-helpdesk pokja1 pokja2 staff1 staff2 lkpp autoresponder}
USERS=$(for u in $USERS; do printf '%s ' "${u%@"$DOMAIN"}"; done)  # `env` prints full addresses
WAIT_SECONDS=${LPSE_MAILSERVER_WAIT:-20}
PACKAGES=(dovecot-imapd dovecot-lmtpd postfix)

log() { printf 'mailserver: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Every folder from / down to $1 (the existing part of it) can be entered by other users.
enterable_by_others() {
  local p=$1
  while [[ ! -e $p ]]; do p=$(dirname "$p"); done
  while :; do
    [[ -d $p ]] || return 1
    [[ $(( 8#$(stat -c %a "$p") & 1 )) -eq 1 ]] || return 1
    [[ $p == / ]] && return 0
    p=$(dirname "$p")
  done
}

resolve_dir() {
  if [[ -n ${LPSE_MAILSERVER_DIR:-} ]]; then
    DIR=$LPSE_MAILSERVER_DIR
    [[ $DIR == /* ]] || DIR=$PWD/$DIR
    DIR_NOTE=""
    return
  fi
  DIR=$REPO/var/mailserver
  DIR_NOTE=""
  if ! enterable_by_others "$REPO"; then
    DIR=/var/tmp/lpse-mailserver-$(printf %s "$REPO" | cksum | cut -d' ' -f1)
    DIR_NOTE="$REPO is not enterable by the mail, postfix and dovecot users; using $DIR instead"
  fi
}
resolve_dir

CONF=$DIR/conf
DOVECOT_CONF=$CONF/dovecot.conf
PF_CONF=$CONF/postfix
PF_QUEUE=$DIR/spool/postfix
PF_DATA=$DIR/lib/postfix
MAIL_STORE=$DIR/mail
LOGS=$DIR/log
STATE=$DIR/state
# Dovecot's sockets live under base_dir: unix socket paths must stay short (108 bytes).
RUN=$DIR/run
if (( ${#RUN} > 70 )); then RUN=/tmp/lpse-ms-$(printf %s "$DIR" | cksum | cut -d' ' -f1); fi
DOVECOT_PIDFILE=$RUN/master.pid
PF_PIDFILE=$PF_QUEUE/pid/master.pid

# ---------------------------------------------------------------------------------------------
# Processes

# Prints the pid in pid file $1 if it names a live (not zombie) process whose comm is $2 and
# whose working directory is $3 (both daemons chdir into their private folder).
live_pid() {
  local pidfile=$1 comm=$2 cwd=$3 pid state
  [[ -r $pidfile ]] || return 1
  pid=$(tr -dc 0-9 <"$pidfile" 2>/dev/null | head -c 10) || true
  [[ -n $pid && -r /proc/$pid/comm ]] || return 1
  [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$comm" ]] || return 1
  state=$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ $state != Z && $state != X ]] || return 1
  [[ $(readlink "/proc/$pid/cwd" 2>/dev/null) == "$cwd"* ]] || return 1
  printf '%s\n' "$pid"
}
dovecot_pid() { live_pid "$DOVECOT_PIDFILE" dovecot "$RUN"; }
postfix_pid() { live_pid "$PF_PIDFILE" master "$PF_QUEUE"; }

port_open() { (: <>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# Live, non-zombie processes of session $1 (both masters call setsid, so their children
# share the master's pid as session id).
session_alive() { ps -s "$1" -o stat= 2>/dev/null | grep -qv '^[ZX]'; }

now_ms() { date +%s%3N; }

wait_until() { # wait_until SECONDS CMD...: poll every 50 ms
  local deadline=$(( $(now_ms) + $1 * 1000 )); shift
  while ! "$@"; do
    (( $(now_ms) < deadline )) || return 1
    sleep 0.05
  done
}

log_tail() { [[ -f $1 ]] && { log "last lines of $1:"; tail -n 25 "$1" >&2; }; true; }

# ---------------------------------------------------------------------------------------------
# Install

installed() {
  [[ -x /usr/sbin/dovecot && -x /usr/lib/dovecot/imap && -x /usr/lib/dovecot/lmtp &&
     -x /usr/sbin/postfix && -x /usr/lib/postfix/sbin/master ]] &&
    id postfix >/dev/null 2>&1 && id dovecot >/dev/null 2>&1 && id dovenull >/dev/null 2>&1
}

install_packages() {
  installed && return 0
  [[ $(id -u) -eq 0 ]] || die "Dovecot/Postfix are missing and installing them needs root"
  log "installing ${PACKAGES[*]} with apt-get (once) ..."
  local t0 policy=/usr/sbin/policy-rc.d backup=""
  t0=$(now_ms)
  if [[ -e $policy ]]; then backup=$(mktemp); cp -p "$policy" "$backup"; fi
  # Keep the packages from starting their own daemons; put back what was there afterwards.
  # shellcheck disable=SC2064
  trap "if [[ -n '$backup' ]]; then mv -f '$backup' '$policy'; else rm -f '$policy'; fi" EXIT
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends
             -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${PACKAGES[@]}")
  if ! "${apt[@]}" >"$LOGS/apt.log" 2>&1; then
    log "install failed without a package list update; running apt-get update"
    apt-get update -q >>"$LOGS/apt.log" 2>&1 || { log_tail "$LOGS/apt.log"; die "apt-get update failed"; }
    "${apt[@]}" >>"$LOGS/apt.log" 2>&1 || { log_tail "$LOGS/apt.log"; die "apt-get install failed"; }
  fi
  if [[ -n $backup ]]; then mv -f "$backup" "$policy"; else rm -f "$policy"; fi
  trap - EXIT
  installed || die "packages installed but Dovecot/Postfix still incomplete (see $LOGS/apt.log)"
  log "installed in $(( $(now_ms) - t0 )) ms"
}

# ---------------------------------------------------------------------------------------------
# Configuration (regenerated at every start, back-dated so Postfix trusts it at once)

write_if_changed() { # write_if_changed FILE MODE < content
  local tmp
  tmp=$(mktemp "$1.XXXXXX")
  cat >"$tmp"
  chmod "$2" "$tmp"
  if [[ -f $1 ]] && cmp -s "$tmp" "$1"; then rm -f "$tmp"; else mv -f "$tmp" "$1"; fi
  touch -d '1 minute ago' "$1"
}

prepare_dirs() {
  mkdir -p "$DIR" "$CONF" "$PF_CONF" "$LOGS" "$STATE/dovecot" "$MAIL_STORE" "$RUN" \
           "$PF_QUEUE" "$(dirname "$PF_DATA")"
  chmod 755 "$DIR" "$CONF" "$PF_CONF" "$LOGS" "$(dirname "$PF_QUEUE")" "$PF_QUEUE" "$(dirname "$PF_DATA")"
  chown mail:mail "$MAIL_STORE" 2>/dev/null || true
  chmod 750 "$MAIL_STORE"
}

check_access() {
  local u
  for u in mail postfix dovecot; do
    runuser -u "$u" -- test -x "$DIR/." ||
      die "user $u cannot enter $DIR (every folder above it needs o+x); set LPSE_MAILSERVER_DIR"
  done
  runuser -u mail -- test -w "$MAIL_STORE" || die "user mail cannot write $MAIL_STORE"
}

write_config() {
  local u
  {
    for u in $USERS; do
      printf '%s@%s:{PLAIN}%s::::::\n' "$u" "$DOMAIN" "$PASSWORD"
    done
  } | write_if_changed "$CONF/users" 644

  write_if_changed "$DOVECOT_CONF" 644 <<EOF
# Generated by scripts/mailserver.sh: edits are overwritten at the next start.
instance_name = lpse-test
base_dir = $RUN
state_dir = $STATE/dovecot
log_path = $LOGS/dovecot.log
protocols = imap lmtp
listen = $HOST
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
auth_default_realm = $DOMAIN
auth_username_format = %Lu
mail_uid = mail
mail_gid = mail
first_valid_uid = 8
last_valid_uid = 8
first_valid_gid = 8
last_valid_gid = 8
mail_location = maildir:~/Maildir
mail_fsync = never
mailbox_idle_check_interval = 1s

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $CONF/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $CONF/users
  default_fields = uid=mail gid=mail home=$MAIL_STORE/%d/%n
}

namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
  mailbox Processed {
    auto = subscribe
  }
  mailbox Quarantine {
    auto = subscribe
  }
}

service imap-login {
  inet_listener imap {
    address = $HOST
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0666
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0666
  }
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
protocol imap {
  mail_max_userip_connections = 200
}
protocol lmtp {
  postmaster_address = postmaster@$DOMAIN
}
EOF

  {
    for u in $USERS; do printf '%s@%s OK\n' "$u" "$DOMAIN"; done
  } | write_if_changed "$PF_CONF/vmailbox" 644
  {
    for u in $USERS; do printf '%s@%s DUNNO\n' "$u" "$DOMAIN"; done
    printf '%s 550 5.1.1 User unknown\n' "$DOMAIN"
  } | write_if_changed "$PF_CONF/recipients" 644

  write_if_changed "$PF_CONF/main.cf" 644 <<EOF
# Generated by scripts/mailserver.sh: edits are overwritten at the next start.
compatibility_level = 3.6
queue_directory = $PF_QUEUE
data_directory = $PF_DATA
maillog_file = $LOGS/postfix.log
maillog_file_prefixes = $LOGS
myhostname = mail.$DOMAIN
mydomain = $DOMAIN
myorigin = $DOMAIN
mydestination =
inet_interfaces = $HOST
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
biff = no
append_dot_mydomain = no
notify_classes =
alias_maps =
alias_database =
message_size_limit = 52428800
# Only $DOMAIN is delivered (to Dovecot over LMTP); anything else bounces right here.
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_maps = texthash:$PF_CONF/vmailbox
virtual_transport = lmtp:unix:$RUN/lmtp
relay_domains =
local_transport = error:local delivery is disabled on this test server
relay_transport = error:mail outside $DOMAIN is not delivered by this test server
default_transport = error:mail outside $DOMAIN is not delivered by this test server
# SMTP AUTH checked by Dovecot; only authenticated clients may address other domains.
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = $RUN/auth-postfix
smtpd_sasl_security_options = noanonymous
smtpd_tls_security_level = none
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
# Accept mail for other domains (from authenticated clients) and bounce it afterwards, as a
# real server would: the built-in unlisted-recipient check would refuse it at RCPT time
# because it resolves to the error transport. Unknown $DOMAIN users are still refused.
smtpd_reject_unlisted_recipient = no
smtpd_recipient_restrictions = check_recipient_access texthash:$PF_CONF/recipients
# Test-friendly retry timing: a restarted Dovecot gets its deferred mail within seconds.
queue_run_delay = 2s
minimal_backoff_time = 2s
maximal_backoff_time = 10s
transport_retry_time = 2s
EOF

  write_if_changed "$PF_CONF/master.cf" 644 <<EOF
# Generated by scripts/mailserver.sh. No service is chrooted.
$HOST:$SMTP_PORT inet n - n - - smtpd
$HOST:$MX_PORT inet n - n - - smtpd -o syslog_name=postfix/mx -o smtpd_sasl_auth_enable=no -o smtpd_relay_restrictions=reject_unauth_destination
pickup     unix  n - n 60   1 pickup
cleanup    unix  n - n -    0 cleanup
qmgr       unix  n - n 300  1 qmgr
rewrite    unix  - - n -    - trivial-rewrite
bounce     unix  - - n -    0 bounce
defer      unix  - - n -    0 bounce
trace      unix  - - n -    0 bounce
verify     unix  - - n -    1 verify
flush      unix  n - n 1000? 0 flush
proxymap   unix  - - n -    - proxymap
proxywrite unix  - - n -    1 proxymap
smtp       unix  - - n -    - smtp
relay      unix  - - n -    - smtp
showq      unix  n - n -    - showq
error      unix  - - n -    - error
retry      unix  - - n -    - error
discard    unix  - - n -    - discard
lmtp       unix  - - n -    - lmtp
anvil      unix  - - n -    1 anvil
scache     unix  - - n -    1 scache
postlog    unix-dgram n - n - 1 postlogd
EOF
}

# ---------------------------------------------------------------------------------------------
# Start / stop

start_imap() {
  if dovecot_pid >/dev/null; then return 0; fi
  rm -f "$DOVECOT_PIDFILE"   # stale: Dovecot refuses to start if that pid is alive
  port_open "$IMAP_PORT" && die "port $HOST:$IMAP_PORT is already taken by another program"
  /usr/sbin/dovecot -c "$DOVECOT_CONF" 8>&- </dev/null >>"$LOGS/dovecot.out" 2>&1 ||
    { log_tail "$LOGS/dovecot.out"; log_tail "$LOGS/dovecot.log"; die "dovecot failed to start"; }
}

start_smtp() {
  if postfix_pid >/dev/null; then return 0; fi
  local p
  for p in "$SMTP_PORT" "$MX_PORT"; do
    port_open "$p" && die "port $HOST:$p is already taken by another program"
  done
  # After the first start the integrity checks (about 1.5 s) are skipped.
  [[ -f $PF_QUEUE/.checked ]] && touch "$PF_QUEUE/quick-start"
  /usr/sbin/postfix -c "$PF_CONF" start 8>&- </dev/null >>"$LOGS/postfix.out" 2>&1 ||
    { log_tail "$LOGS/postfix.out"; log_tail "$LOGS/postfix.log"; die "postfix failed to start"; }
  touch "$PF_QUEUE/.checked"
}

wait_ready() { # wait_ready NAME PORT LOG
  if ! wait_until "$WAIT_SECONDS" port_open "$2"; then
    log_tail "$3"
    die "$1 did not answer on $HOST:$2 within ${WAIT_SECONDS}s"
  fi
}

stop_daemon() { # stop_daemon NAME PIDFUNC PORT LOG
  local name=$1 pid
  pid=$("$2") || { log "$name is not running"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  if wait_until "$WAIT_SECONDS" _master_gone "$pid" "$3"; then
    # Dovecot's auth process (and the log and stats processes waiting for it) outlives the
    # master while a Postfix smtpd still holds a SASL connection: end what is left of the
    # session this master started.
    if session_alive "$pid"; then pkill -TERM -s "$pid" 2>/dev/null || true; fi
    wait_until 5 _session_gone "$pid" && return 0
  fi
  log "$name (pid $pid) did not stop in time; killing what is left of its session"
  kill -KILL "$pid" 2>/dev/null || true
  pkill -KILL -s "$pid" 2>/dev/null || true
  wait_until 5 _session_gone "$pid" || { log_tail "$4"; die "$name (pid $pid) would not stop"; }
}
_master_gone() { # master gone (or zombie) and port closed
  local state
  state=$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null) || state=gone
  [[ $state == gone || $state == Z || $state == X ]] && ! port_open "$2"
}
_session_gone() { ! session_alive "$1"; }

stop_imap() { stop_daemon dovecot dovecot_pid "$IMAP_PORT" "$LOGS/dovecot.log"; }
stop_smtp() { stop_daemon postfix postfix_pid "$SMTP_PORT" "$LOGS/postfix.log"; }

setup() {
  [[ -z $DIR_NOTE ]] || log "$DIR_NOTE"
  mkdir -p "$LOGS"
  install_packages
  prepare_dirs
  check_access
  write_config
}

locked() { # serialise start/stop calls made at the same time
  mkdir -p "$DIR"
  exec 8>"$DIR/.lock"
  flock -w 60 8 || die "another mailserver.sh is busy with $DIR"
}

cmd_start() { # cmd_start both|imap|smtp
  local t0 which=$1 imap=0 smtp=0
  t0=$(now_ms)
  [[ $which != smtp ]] && ! dovecot_pid >/dev/null && imap=1
  [[ $which != imap ]] && ! postfix_pid >/dev/null && smtp=1
  if (( !imap && !smtp )); then log "already running ($which)"; return 0; fi
  setup
  (( !imap )) || start_imap
  (( !smtp )) || start_smtp
  (( !imap )) || wait_ready dovecot "$IMAP_PORT" "$LOGS/dovecot.log"
  (( !smtp )) || wait_ready postfix "$SMTP_PORT" "$LOGS/postfix.log"
  (( !smtp )) || wait_ready postfix "$MX_PORT" "$LOGS/postfix.log"
  log "ready ($which) in $(( $(now_ms) - t0 )) ms: IMAP $HOST:$IMAP_PORT, SMTP $HOST:$SMTP_PORT, MX $HOST:$MX_PORT, dir $DIR"
}

cmd_stop() { # cmd_stop both|imap|smtp
  local t0 which=$1
  t0=$(now_ms)
  [[ $which == imap ]] || stop_smtp
  [[ $which == smtp ]] || stop_imap
  log "stopped ($which) in $(( $(now_ms) - t0 )) ms"
}

cmd_status() {
  local rc=0 pid
  if pid=$(dovecot_pid); then echo "dovecot: running (pid $pid), IMAP $HOST:$IMAP_PORT"
  else echo "dovecot: stopped"; rc=3; fi
  if pid=$(postfix_pid); then echo "postfix: running (pid $pid), SMTP $HOST:$SMTP_PORT, MX $HOST:$MX_PORT"
  else echo "postfix: stopped"; rc=3; fi
  echo "dir: $DIR"
  [[ -z $DIR_NOTE ]] || echo "note: $DIR_NOTE"
  return $rc
}

cmd_env() {
  local u list=""
  for u in $USERS; do list+="${list:+ }$u@$DOMAIN"; done
  cat <<EOF
export LPSE_TEST_MAIL_HOST=$HOST
export LPSE_TEST_IMAP_PORT=$IMAP_PORT
export LPSE_TEST_SMTP_PORT=$SMTP_PORT
export LPSE_TEST_MX_PORT=$MX_PORT
export LPSE_TEST_MAIL_DOMAIN=$DOMAIN
export LPSE_TEST_MAIL_USERS='$list'
export LPSE_TEST_MAIL_PASSWORD='$PASSWORD'
export LPSE_MAILSERVER_DIR='$DIR'
export LPSE_IMAP_PASSWORD='$PASSWORD'
export LPSE_SMTP_PASSWORD='$PASSWORD'
EOF
}

cmd_reset() { # stop, then forget all mail and queued messages (config is regenerated at start)
  cmd_stop both
  rm -rf "$MAIL_STORE" "$PF_QUEUE" "$PF_DATA" "$STATE"
  log "mailboxes and queue removed from $DIR"
}

case ${1:-} in
  start)        locked; cmd_start both ;;
  stop)         locked; cmd_stop both ;;
  restart)      locked; cmd_stop both; cmd_start both ;;
  start-imap)   locked; cmd_start imap ;;
  stop-imap)    locked; cmd_stop imap ;;
  restart-imap) locked; cmd_stop imap; cmd_start imap ;;
  start-smtp)   locked; cmd_start smtp ;;
  stop-smtp)    locked; cmd_stop smtp ;;
  restart-smtp) locked; cmd_stop smtp; cmd_start smtp ;;
  status)       cmd_status ;;
  env)          cmd_env ;;
  reset)        locked; cmd_reset ;;
  install)      mkdir -p "$LOGS"; install_packages ;;
  *)
    echo "usage: $0 start|stop|restart|status|env|reset|install|start-imap|stop-imap|restart-imap|start-smtp|stop-smtp|restart-smtp" >&2
    exit 2 ;;
esac
