-- A small, clearly fictional Influence data set, so a newcomer can try the
-- supporter's flow on a fresh local site: `local/run.sh --demo` loads it once
-- the server has migrated the database. Loading it twice changes nothing.
--
-- Try it: open /campaigns, pick "Demo: Keep the Riverside park" and enter the
-- postal code H0H 0H0 (or any code starting with X0X). The representatives'
-- addresses are @example.org: the emails land in the local emulator, nowhere else.
-- The people and districts are invented; the representatives are 'manual', so a
-- CSV import leaves them alone.

insert into representatives (key, source, name, email, elected_office, level, district, party, offices)
values
    ('demo:federal:riverside', 'manual', 'Avery Placeholder', 'avery.placeholder@example.org', 'MP',
     'federal', 'Demo Riverside', 'Imaginary Party',
     '[{"type": "constituency", "postal": "1 Sample Street\nDemo Riverside", "tel": "555-0101"}]'),
    ('demo:provincial:riverside-north', 'manual', 'Morgan Example', 'morgan.example@example.org', 'MPP',
     'provincial', 'Demo Riverside North', 'Fictional Party', '[]'),
    ('demo:municipal:ward-1', 'manual', 'Casey Sample', 'casey.sample@example.org', 'Councillor',
     'municipal', 'Demo Ward 1', '', '[]'),
    ('demo:school_board:zone-1', 'manual', 'Jordan Demo', '', 'Trustee',
     'school_board', 'Demo Zone 1', '', '[]')
on conflict on constraint representatives_key_key do nothing;

insert into postal_code_districts (code, level, district, source)
values
    ('H0H 0H0', 'federal', 'Demo Riverside', 'csv'),
    ('H0H 0H0', 'provincial', 'Demo Riverside North', 'csv'),
    ('H0H 0H0', 'municipal', 'Demo Ward 1', 'csv'),
    ('H0H 0H0', 'school_board', 'Demo Zone 1', 'csv'),
    ('X0X', 'federal', 'Demo Riverside', 'csv'),
    ('X0X', 'provincial', 'Demo Riverside North', 'csv'),
    ('X0X', 'municipal', 'Demo Ward 1', 'csv')
on conflict on constraint postal_code_districts_pkey do nothing;

insert into campaigns (slug, title, description, email_subject, email_body, call_to_action,
                       target_levels, status, allow_server_send, allow_mailto, collect_supporter_info,
                       allow_editing, show_email_count, show_response_wall, featured)
values
    ('demo-keep-the-riverside-park', 'Demo: Keep the Riverside park',
     'A made-up campaign to try the platform. The city plans to sell the Riverside park to a developer; ask your representatives to keep it green.',
     'Please keep {{REPRESENTATIVE_DISTRICT}}''s park',
     E'Dear {{REPRESENTATIVE_TITLE}} {{REPRESENTATIVE_NAME}},\n\nI live in {{POSTAL_CODE}} and the Riverside park matters to my family. Please vote against its sale.\n\nSincerely,\n{{SUPPORTER_NAME}}',
     'Write to your representatives',
     array['federal', 'provincial', 'municipal', 'school_board'], 'active', true, true, true, true, true, true, true),
    ('demo-safer-crosswalks', 'Demo: Safer crosswalks',
     'A second made-up campaign, sent from the supporter''s own email program.',
     'Safer crosswalks in {{REPRESENTATIVE_DISTRICT}}',
     E'Dear {{REPRESENTATIVE_NAME}},\n\nPlease fund safer crosswalks near our schools.\n\n{{SUPPORTER_NAME}}',
     'Ask for safer crosswalks',
     array['municipal'], 'active', false, true, false, false, true, false, false)
on conflict on constraint campaigns_slug_key do nothing;

insert into campaign_responses (campaign_id, representative_id, representative_name, representative_level,
                                response_type, text, submitter_name, status, upvotes, verified_at)
select c.id, r.id, r.name, r.level, 'email',
       'Thank you for writing. I will speak against the sale at the next council meeting.',
       'A demo supporter', 'approved', 3, now()
from campaigns c, representatives r
where c.slug = 'demo-keep-the-riverside-park' and r.key = 'demo:municipal:ward-1'
  and not exists (select 1 from campaign_responses p where p.campaign_id = c.id);
