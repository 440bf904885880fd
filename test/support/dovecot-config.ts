import { execFileSync } from 'node:child_process';

/** A system user Dovecot may run mail processes as (it refuses root): its own, else nobody. */
export function mailUser(): string {
  for (const name of ['dovecot', 'nobody']) {
    try {
      execFileSync('id', ['-u', name], { stdio: 'ignore' });
      return name;
    } catch {
      // not on this machine
    }
  }
  throw new Error('no user for Dovecot mail processes (dovecot or nobody)');
}

/**
 * A private Dovecot's configuration (tests and benches): everything under `dir`, IMAP on
 * 127.0.0.1:`port` without TLS, users from `dir`/passwd, maildirs under `mail`.
 */
export function dovecotConfig(o: { dir: string; mail: string; port: number; user: string }): string {
  return `base_dir = ${o.dir}/run
state_dir = ${o.dir}/state
log_path = ${o.dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${o.user}
default_login_user = ${o.user}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:${o.mail}/%u
# IDLE tells of new mail within a second even where inotify does not reach (a test waits for it).
mailbox_idle_check_interval = 1 secs
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${o.dir}/passwd
}
userdb {
  driver = static
  args = uid=${o.user} gid=${o.user} home=${o.mail}/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${o.port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  inet_listener http {
    port = 0
  }
}
namespace inbox {
  inbox = yes
  mailbox Processed {
    auto = create
  }
}
`;
}
