-- People who sign in (apps on their behalf, admins in the console). Passwords only as Argon2id hashes.
create table app_user (
    id             varchar(36)  not null primary key,
    username       varchar(100) not null,
    password_hash  varchar(200) not null,
    roles          varchar(500) not null,
    enabled        boolean      not null,
    created_at     timestamp with time zone not null,
    last_login_at  timestamp with time zone
);

create unique index app_user_username on app_user (username);
