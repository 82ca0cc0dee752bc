-- Who acted (the signed-in admin or user, the calling client, the operator at the command line, or gatehouse
-- itself) and, for refusals, the OAuth error code: the two questions an investigator asks first.
alter table audit_event add column actor varchar(200);
alter table audit_event add column error_code varchar(64);

create index audit_event_actor on audit_event (actor, occurred_at);
