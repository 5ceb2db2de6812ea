//! The benchmark payloads, built deterministically from the 2.11 spec's own examples.

use serde_json::{json, Value};

/// Number of contacts in the contact list payload.
pub const CONTACTS: usize = 10_000;
/// Number of parts in the conversation payload.
pub const PARTS: usize = 500;

/// A fixed-seed linear congruential generator (Knuth's MMIX constants): deterministic variety.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// `value` with probability `percent` / 100, else `null`.
    fn maybe(&mut self, percent: u64, value: Value) -> Value {
        if self.chance(percent) {
            value
        } else {
            Value::Null
        }
    }
}

const WORDS: &[&str] = &[
    "billing",
    "invoice",
    "account",
    "please",
    "thanks",
    "upgrade",
    "the",
    "plan",
    "seats",
    "team",
    "export",
    "error",
    "login",
    "password",
    "reset",
    "workspace",
    "integration",
    "webhook",
    "we",
    "can",
    "you",
    "help",
    "with",
    "our",
    "renewal",
    "today",
    "issue",
    "resolved",
    "again",
];

/// A sentence of `n` words.
fn words(rng: &mut Lcg, n: u64) -> String {
    let picked: Vec<&str> = (0..n)
        .map(|_| WORDS[rng.below(WORDS.len() as u64) as usize])
        .collect();
    picked.join(" ")
}

/// An Intercom-style 24-hex-digit object id.
fn hex_id(n: u64) -> String {
    format!("667d60a98a68186f{:08x}", n)
}

/// A `{type: list, data, url, total_count, has_more}` list of `n` addressable objects.
fn addressable_list(rng: &mut Lcg, contact: &str, kind: &str, path: &str, n: u64) -> Value {
    let data: Vec<Value> = (0..n)
        .map(|_| {
            let id = (1_000_000 + rng.below(9_000_000)).to_string();
            if kind == "company" {
                json!({ "id": hex_id(rng.below(1 << 30)), "type": "company", "url": format!("/companies/{id}") })
            } else {
                json!({ "type": kind, "id": id, "url": format!("/{path}/{id}") })
            }
        })
        .collect();
    json!({
        "type": "list",
        "data": data,
        "url": format!("/contacts/{contact}/{path}"),
        "total_count": n,
        "has_more": false,
    })
}

/// One contact, shaped like the spec's `GET /contacts/{contact_id}` example.
fn contact(rng: &mut Lcg, index: u64) -> Value {
    let id = hex_id(index);
    let created = 1_719_492_777 + index as i64 * 37;
    let seen = created + rng.below(86_400 * 30) as i64;
    let has_phone = rng.chance(40);
    let ios = rng.chance(15);
    let ios_value = |value: Value| if ios { value } else { Value::Null };
    let profiles: Vec<Value> = (0..rng.below(3))
        .map(|k| {
            let name = ["Twitter", "Facebook", "LinkedIn"][k as usize];
            json!({ "type": "social_profile", "name": name, "url": format!("https://{}.com/joe{index}", name.to_lowercase()) })
        })
        .collect();
    let custom = if rng.chance(60) {
        let plan = ["free", "pro", "premium"][rng.below(3) as usize];
        json!({ "plan": plan, "seats": rng.below(200), "beta_tester": rng.chance(20), "account_manager": words(rng, 2) })
    } else {
        json!({})
    };
    let (n_tags, n_notes, n_companies) = (rng.below(4), rng.below(3), rng.below(2) + 1);
    let tags = addressable_list(rng, &id, "tag", "tags", n_tags);
    let notes = addressable_list(rng, &id, "note", "notes", n_notes);
    let companies = addressable_list(rng, &id, "company", "companies", n_companies);
    let mut contact = json!({
        "type": "contact",
        "id": id,
        "workspace_id": "this_is_an_id252_that_should_be_at_least_",
        "external_id": rng.maybe(70, json!(index.to_string())),
        "role": if rng.chance(20) { "lead" } else { "user" },
        "email": format!("joe.bloggs{index}@bloggs.com"),
        "phone": if has_phone { json!(format!("+353 1 555 {:04}", index % 10_000)) } else { Value::Null },
        "name": format!("Joe Bloggs {index}"),
        "avatar": rng.maybe(30, json!({ "type": "avatar", "image_url": format!("https://static.intercomassets.com/avatars/{index}/square_128/joe.png") })),
        "owner_id": if rng.chance(50) { json!(991_267_500 + rng.below(50)) } else { Value::Null },
        "social_profiles": { "type": "list", "data": profiles },
        "has_hard_bounced": rng.chance(2),
        "marked_email_as_spam": rng.chance(1),
        "unsubscribed_from_emails": rng.chance(10),
        "created_at": created,
        "updated_at": seen,
        "signed_up_at": created,
        "last_seen_at": rng.maybe(80, json!(seen)),
        "last_replied_at": rng.maybe(40, json!(seen - 3_600)),
        "last_contacted_at": rng.maybe(40, json!(seen - 7_200)),
        "last_email_opened_at": rng.maybe(30, json!(seen - 86_400)),
        "last_email_clicked_at": rng.maybe(10, json!(seen - 86_400)),
        "language_override": rng.maybe(10, json!("fr")),
        "browser": rng.maybe(70, json!("chrome")),
        "browser_version": rng.maybe(70, json!("126.0.6478.127")),
        "browser_language": rng.maybe(70, json!("en-US")),
        "os": rng.maybe(70, json!("OS X 10.15.7")),
        "location": {
            "type": "location",
            "country": rng.maybe(75, json!("Ireland")),
            "region": rng.maybe(60, json!("Dublin")),
            "city": rng.maybe(60, json!("Dublin")),
            "country_code": rng.maybe(75, json!("IRL")),
            "continent_code": rng.maybe(75, json!("EU")),
        },
        "android_app_name": null,
        "android_app_version": null,
        "android_device": null,
        "android_os_version": null,
        "android_sdk_version": null,
        "android_last_seen_at": null,
        "ios_app_name": ios_value(json!("Bloggs")),
        "ios_app_version": ios_value(json!("5.2.1")),
        "ios_device": ios_value(json!("iPhone15,3")),
        "ios_os_version": ios_value(json!("17.5.1")),
        "ios_sdk_version": ios_value(json!("17.2.0")),
        "ios_last_seen_at": ios_value(json!(seen)),
        "custom_attributes": custom,
        "tags": tags,
        "notes": notes,
        "companies": companies,
        "opted_out_subscription_types": { "type": "list", "data": [], "url": format!("/contacts/{id}/subscriptions"), "total_count": 0, "has_more": false },
        "opted_in_subscription_types": { "type": "list", "data": [], "url": format!("/contacts/{id}/subscriptions"), "total_count": 0, "has_more": false },
        "utm_campaign": null,
        "utm_content": null,
        "utm_medium": null,
        "utm_source": null,
        "utm_term": null,
        "referrer": null,
    });
    // Optional keys the example leaves out: present on some contacts only.
    if rng.chance(50) {
        contact["email_domain"] = json!("bloggs.com");
    }
    if has_phone {
        contact["formatted_phone"] = json!(format!("+3531555{:04}", index % 10_000));
    }
    contact
}

/// The `list_contacts` response: a `ContactList` of [`CONTACTS`] contacts.
pub fn contact_list() -> Value {
    let mut rng = Lcg(0x1c7e_2c0d_e5ee_d001);
    let data: Vec<Value> = (0..CONTACTS as u64).map(|i| contact(&mut rng, i)).collect();
    json!({
        "type": "list",
        "data": data,
        "total_count": 25_000,
        "pages": {
            "type": "pages",
            "next": { "per_page": CONTACTS, "starting_after": "WzE3MTk0OTI3NzcwMDAsIjY2N2Q2MGE5OGE2ODE4NmY0M2JhZmRiOSIsMl0=" },
            "page": 1,
            "per_page": CONTACTS,
            "total_pages": 3,
        },
    })
}

/// A conversation part author: the example's admin, bot, or the conversation's contact.
fn author(kind: &str) -> Value {
    match kind {
        "user" => {
            json!({ "type": "user", "id": "667d60e08a68186f43bafde5", "name": "Joe Bloggs", "email": "joe@bloggs.com" })
        }
        "bot" => {
            json!({ "type": "bot", "id": "991267562", "name": "Operator", "email": "operator+this_is_an_id321_that_should_be_at_least_@intercom.io" })
        }
        _ => {
            json!({ "type": "admin", "id": "991267561", "name": "Ciaran157 Lee", "email": "admin157@email.com" })
        }
    }
}

/// One conversation part, shaped like the spec's conversation part examples.
fn part(rng: &mut Lcg, index: u64) -> Value {
    let at = 1_719_492_834 + index as i64 * 60;
    let (part_type, by) = match rng.below(10) {
        0..=3 => ("comment", "user"),
        4..=6 => ("comment", "admin"),
        7 => ("note", "admin"),
        8 => ("assignment", "admin"),
        _ => ("conversation_attribute_updated_by_admin", "bot"),
    };
    let body = match part_type {
        "comment" => {
            let n = 8 + rng.below(40);
            json!(format!("<p>{}</p>", words(rng, n)))
        }
        "note" => json!("<h2>An Unordered HTML List</h2>\n<ul>\n<li>Coffee</li>\n<li>Tea</li>\n<li>Milk</li>\n</ul>\n<h2>An Ordered HTML List</h2>\n<ol>\n<li>Coffee</li>\n<li>Tea</li>\n<li>Milk</li>\n</ol>"),
        _ => Value::Null,
    };
    let attachments: Vec<Value> = if part_type == "comment" && rng.chance(10) {
        vec![json!({
            "type": "upload",
            "name": format!("screenshot-{index}.png"),
            "url": format!("https://downloads.intercomcdn.com/i/o/{}/screenshot-{index}.png", 500_000 + index),
            "content_type": "image/png",
            "filesize": 10_000 + rng.below(500_000),
            "width": 1_280,
            "height": 800,
        })]
    } else {
        Vec::new()
    };
    json!({
        "type": "conversation_part",
        "id": (100 + index).to_string(),
        "part_type": part_type,
        "body": body,
        "created_at": at,
        "updated_at": at,
        "notified_at": at,
        "assigned_to": if part_type == "assignment" { json!({ "type": "admin", "id": "991267715" }) } else { Value::Null },
        "author": author(by),
        "attachments": attachments,
        "external_id": null,
        "redacted": false,
    })
}

/// A `Conversation` with [`PARTS`] parts, shaped like the `PUT /conversations/{id}` example.
pub fn conversation() -> Value {
    let mut rng = Lcg(0xc0_9e25_a710_5eed);
    let parts: Vec<Value> = (0..PARTS as u64).map(|i| part(&mut rng, i)).collect();
    let last = 1_719_492_834 + PARTS as i64 * 60;
    json!({
        "type": "conversation",
        "id": "371",
        "created_at": 1_719_492_832,
        "updated_at": last,
        "waiting_since": null,
        "snoozed_until": null,
        "source": {
            "type": "conversation",
            "id": "403918259",
            "delivered_as": "admin_initiated",
            "subject": "",
            "body": "<p>this is the message body</p>",
            "author": author("admin"),
            "attachments": [],
            "url": null,
            "redacted": false,
        },
        "contacts": {
            "type": "contact.list",
            "contacts": [{ "type": "contact", "id": "667d60e08a68186f43bafde5", "external_id": "70" }],
        },
        "first_contact_reply": { "created_at": 1_719_492_900, "type": "conversation", "url": null },
        "admin_assignee_id": 991_267_715,
        "team_assignee_id": 5_017_691,
        "open": false,
        "state": "closed",
        "read": true,
        "tags": {
            "type": "tag.list",
            "tags": [
                { "type": "tag", "id": "81", "name": "billing", "applied_at": 1_719_492_840, "applied_by": { "type": "admin", "id": "991267561" } },
                { "type": "tag", "id": "82", "name": "vip", "applied_at": null, "applied_by": null },
            ],
        },
        "priority": "not_priority",
        "sla_applied": null,
        "statistics": {
            "type": "conversation_statistics",
            "time_to_assignment": 0,
            "time_to_admin_reply": 4_000,
            "time_to_first_close": 9_000,
            "time_to_last_close": last - 1_719_492_832,
            "median_time_to_reply": 3_600,
            "first_contact_reply_at": 1_719_492_900,
            "first_assignment_at": 1_719_492_900,
            "first_admin_reply_at": 1_719_496_832,
            "first_close_at": 1_719_501_832,
            "last_assignment_at": 1_719_501_900,
            "last_assignment_admin_reply_at": 1_719_502_000,
            "last_contact_reply_at": last - 600,
            "last_admin_reply_at": last - 300,
            "last_close_at": last,
            "last_closed_by_id": "991267561",
            "count_reopens": 4,
            "count_assignments": 3,
            "count_conversation_parts": PARTS,
        },
        "conversation_rating": {
            "rating": 5,
            "remark": "Thanks, that fixed it",
            "created_at": last,
            "contact": { "type": "contact", "id": "667d60e08a68186f43bafde5", "external_id": "70" },
            "teammate": { "type": "admin", "id": "991267561" },
        },
        "teammates": { "type": "admin.list", "teammates": [{ "type": "admin", "id": "991267561" }, { "type": "admin", "id": "991267715" }] },
        "title": null,
        "custom_attributes": { "issue_type": "Billing", "priority": "High" },
        "linked_objects": { "type": "list", "data": [], "total_count": 0, "has_more": false },
        "ai_agent": null,
        "ai_agent_participated": false,
        "conversation_parts": {
            "type": "conversation_part.list",
            "conversation_parts": parts,
            "total_count": PARTS,
        },
    })
}
