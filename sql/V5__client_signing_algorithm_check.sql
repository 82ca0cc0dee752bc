-- Only algorithms Gatehouse can sign with; anything else would fail every token request of the client.
alter table oauth_client add constraint oauth_client_signing_algorithm
    check (signing_algorithm is null or signing_algorithm in ('ES256', 'RS256', 'EdDSA'));
