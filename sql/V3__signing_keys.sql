-- Signing keys, shared by every Gatehouse instance on this database. The private key (a JWK) is stored
-- only encrypted with AES-256-GCM under the key-encryption key, which is not in the database.
-- The lifecycle state follows from the timestamps: next (published, activates_at in the future),
-- current (the newest activated key of its algorithm), retired (superseded, published until every token
-- it signed has expired), revoked (revoked_at set: withdrawn at once).
create table signing_key (
    kid                    varchar(100)  not null primary key,
    algorithm              varchar(10)   not null,
    public_jwk             varchar(4000) not null,
    private_jwk_encrypted  varchar(8000) not null,
    created_at             timestamp with time zone not null,
    activates_at           timestamp with time zone not null,
    revoked_at             timestamp with time zone
);

create index signing_key_algorithm_activates_at on signing_key (algorithm, activates_at);

-- A client whose resource servers only understand one algorithm can have its tokens signed with it.
alter table oauth_client add column signing_algorithm varchar(10);
