-- Display preferences: a theme (system, light, dark) and a date format join the
-- units on the user's `preferences` object. A preference never written reads as
-- its default in the API, so existing rows need no change; PATCH /api/me merges
-- what it is given into the object, which therefore must stay an object.
alter table users
    alter column preferences set default '{"units": "metric", "theme": "system", "date_format": "auto"}';
alter table users
    add constraint users_preferences_object_check check (jsonb_typeof(preferences) = 'object');
