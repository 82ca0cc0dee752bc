-- The authorization code flow and refresh tokens. Codes, consent states and refresh tokens are stored only
-- as SHA-256 hashes: a dump of these tables holds nothing a caller could present.

-- Per client: exact redirect URIs (space-separated) and refresh token lifetimes (null: the defaults).
alter table oauth_client add column redirect_uris varchar(4000) default '' not null;
alter table oauth_client add column refresh_idle_seconds integer;
alter table oauth_client add column refresh_absolute_seconds integer;

-- One row per authorization a user gave a client: the pending consent and the authorization code while
-- they live, then the anchor of the refresh token family (revoking it revokes the family).
create table user_grant (
    id                  varchar(36)   not null primary key,
    client_id           varchar(100)  not null references oauth_client (client_id) on delete cascade,
    user_id             varchar(36)   not null references app_user (id) on delete cascade,
    scopes              varchar(2000) not null,
    redirect_uri        varchar(2000),
    client_state        varchar(2000),
    code_challenge      varchar(128)  not null,
    consent_state_hash  varchar(64),
    code_hash           varchar(64),
    code_expires_at     timestamp with time zone,
    code_used_at        timestamp with time zone,
    auth_time           timestamp with time zone not null,
    created_at          timestamp with time zone not null,
    expires_at          timestamp with time zone,
    revoked_at          timestamp with time zone
);

create unique index user_grant_code_hash on user_grant (code_hash);
create unique index user_grant_consent_state_hash on user_grant (consent_state_hash);
create index user_grant_user_client on user_grant (user_id, client_id);
create index user_grant_created_at on user_grant (created_at);
create index user_grant_expires_at on user_grant (expires_at);
create index user_grant_revoked_at on user_grant (revoked_at);

-- Refresh tokens by hash. A used token points at the token that replaced it; presenting it again is reuse.
create table refresh_token (
    token_hash   varchar(64) not null primary key,
    grant_id     varchar(36) not null references user_grant (id) on delete cascade,
    issued_at    timestamp with time zone not null,
    expires_at   timestamp with time zone not null,
    used_at      timestamp with time zone,
    replaced_by  varchar(64),
    revoked_at   timestamp with time zone
);

create index refresh_token_grant_id on refresh_token (grant_id);
create index refresh_token_expires_at on refresh_token (expires_at);

-- The access tokens (by jti) minted for a grant, so revoking the family can deny them until they expire.
create table grant_access_token (
    jti         varchar(64) not null primary key,
    grant_id    varchar(36) not null references user_grant (id) on delete cascade,
    expires_at  timestamp with time zone not null
);

create index grant_access_token_grant_id on grant_access_token (grant_id);
create index grant_access_token_expires_at on grant_access_token (expires_at);

-- What each user consented to per client, remembered until the user revokes it.
create table user_consent (
    user_id     varchar(36)   not null references app_user (id) on delete cascade,
    client_id   varchar(100)  not null references oauth_client (client_id) on delete cascade,
    scopes      varchar(2000) not null,
    granted_at  timestamp with time zone not null,
    primary key (user_id, client_id)
);
