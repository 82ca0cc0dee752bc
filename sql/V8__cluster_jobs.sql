-- Several Gatehouse instances share one database. Jobs that must happen once for all of them (purges, the
-- key rotation plan) coordinate through one row each: an instance locks the row (select ... for update)
-- before it acts, and records when the job last ran, so a job due every ten minutes runs every ten
-- minutes in the cluster, not once per instance.
create table cluster_job (
    job_name     varchar(100) not null primary key,
    last_run_at  timestamp with time zone,
    last_run_by  varchar(200)
);

insert into cluster_job (job_name) values ('key-rotation');
insert into cluster_job (job_name) values ('denylist-purge');
insert into cluster_job (job_name) values ('grant-purge');
insert into cluster_job (job_name) values ('audit-purge');
