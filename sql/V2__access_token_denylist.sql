-- Revoked JWT access tokens, by jti, kept only until the token would have expired anyway.
create table revoked_access_token (
    jti         varchar(64)  not null primary key,
    client_id   varchar(100) not null,
    expires_at  timestamp with time zone not null,
    revoked_at  timestamp with time zone not null
);

create index revoked_access_token_expires_at on revoked_access_token (expires_at);
