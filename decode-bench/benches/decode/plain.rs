//! Plain `#[derive(Deserialize)]` mirrors of the generated models: the same fields with the
//! natural Rust types, no tolerance, unknown keys ignored. (Missing `Option` fields are `None`
//! without `#[serde(default)]`; both "absent" and `null` are `None`.)

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
pub struct ContactList {
    #[serde(rename = "type")]
    pub type_: String,
    pub data: Vec<Contact>,
    pub total_count: i64,
    pub pages: Option<CursorPages>,
}

#[derive(Deserialize)]
pub struct CursorPages {
    #[serde(rename = "type")]
    pub type_: String,
    pub page: Option<i64>,
    pub next: Option<StartingAfterPaging>,
    pub per_page: Option<i64>,
    pub total_pages: Option<i64>,
}

#[derive(Deserialize)]
pub struct StartingAfterPaging {
    pub per_page: i64,
    pub starting_after: Option<String>,
}

#[derive(Deserialize)]
pub struct Contact {
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub id: String,
    pub external_id: Option<String>,
    pub workspace_id: String,
    pub role: String,
    pub email: Option<String>,
    pub email_domain: Option<String>,
    pub phone: Option<String>,
    pub formatted_phone: Option<String>,
    pub name: Option<String>,
    pub owner_id: Option<i64>,
    pub has_hard_bounced: bool,
    pub marked_email_as_spam: bool,
    pub unsubscribed_from_emails: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub signed_up_at: Option<i64>,
    pub last_seen_at: Option<i64>,
    pub last_replied_at: Option<i64>,
    pub last_contacted_at: Option<i64>,
    pub last_email_opened_at: Option<i64>,
    pub last_email_clicked_at: Option<i64>,
    pub language_override: Option<String>,
    pub browser: Option<String>,
    pub browser_version: Option<String>,
    pub browser_language: Option<String>,
    pub os: Option<String>,
    pub android_app_name: Option<String>,
    pub android_app_version: Option<String>,
    pub android_device: Option<String>,
    pub android_os_version: Option<String>,
    pub android_sdk_version: Option<String>,
    pub android_last_seen_at: Option<i64>,
    pub ios_app_name: Option<String>,
    pub ios_app_version: Option<String>,
    pub ios_device: Option<String>,
    pub ios_os_version: Option<String>,
    pub ios_sdk_version: Option<String>,
    pub ios_last_seen_at: Option<i64>,
    pub custom_attributes: Option<BTreeMap<String, Value>>,
    pub avatar: Option<Avatar>,
    pub tags: Option<AddressableList>,
    pub notes: Option<AddressableList>,
    pub companies: Option<ContactCompanies>,
    pub location: Location,
    pub social_profiles: SocialProfiles,
}

#[derive(Deserialize)]
pub struct Avatar {
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub image_url: Option<String>,
}

#[derive(Deserialize)]
pub struct AddressableList {
    pub data: Vec<Addressable>,
    pub url: String,
    pub total_count: i64,
    pub has_more: bool,
}

#[derive(Deserialize)]
pub struct Addressable {
    #[serde(rename = "type")]
    pub type_: String,
    pub id: String,
    pub url: String,
}

#[derive(Deserialize)]
pub struct ContactCompanies {
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub data: Option<Vec<Addressable>>,
    pub url: String,
    pub total_count: i64,
    pub has_more: bool,
}

#[derive(Deserialize)]
pub struct Location {
    #[serde(rename = "type")]
    pub type_: String,
    pub country: Option<String>,
    pub region: Option<String>,
    pub city: Option<String>,
}

#[derive(Deserialize)]
pub struct SocialProfiles {
    pub data: Vec<SocialProfile>,
}

#[derive(Deserialize)]
pub struct SocialProfile {
    #[serde(rename = "type")]
    pub type_: String,
    pub name: String,
    pub url: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Open,
    Closed,
    Snoozed,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Priority,
    NotPriority,
}

#[derive(Deserialize)]
pub struct Conversation {
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub id: String,
    pub title: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub waiting_since: Option<i64>,
    pub snoozed_until: Option<i64>,
    pub open: bool,
    pub state: State,
    pub read: bool,
    pub priority: Option<Priority>,
    pub admin_assignee_id: Option<i64>,
    pub team_assignee_id: Option<i64>,
    pub tags: Option<Tags>,
    pub conversation_rating: Option<ConversationRating>,
    pub source: Source,
    pub contacts: Contacts,
    pub teammates: Teammates,
    pub custom_attributes: Value,
    pub first_contact_reply: Option<FirstContactReply>,
    pub sla_applied: Option<SlaApplied>,
    pub statistics: Option<Statistics>,
    pub conversation_parts: Option<ConversationParts>,
    pub linked_objects: Option<LinkedObjects>,
    pub ai_agent_participated: Option<bool>,
    pub ai_agent: Option<Value>,
}

#[derive(Deserialize)]
pub struct Tags {
    #[serde(rename = "type")]
    pub type_: String,
    pub tags: Vec<Tag>,
}

#[derive(Deserialize)]
pub struct Tag {
    #[serde(rename = "type")]
    pub type_: String,
    pub id: String,
    pub name: String,
    pub applied_at: Option<i64>,
    pub applied_by: Option<Reference>,
}

#[derive(Deserialize)]
pub struct Reference {
    #[serde(rename = "type")]
    pub type_: String,
    pub id: Option<String>,
}

#[derive(Deserialize)]
pub struct ContactReference {
    #[serde(rename = "type")]
    pub type_: String,
    pub id: String,
    pub external_id: Option<String>,
}

#[derive(Deserialize)]
pub struct ConversationRating {
    pub rating: i64,
    pub remark: String,
    pub created_at: i64,
    pub contact: ContactReference,
    pub teammate: Reference,
}

#[derive(Deserialize)]
pub struct Source {
    #[serde(rename = "type")]
    pub type_: String,
    pub id: String,
    pub delivered_as: String,
    pub subject: String,
    pub body: Option<String>,
    pub author: Author,
    pub attachments: Option<Vec<Attachment>>,
    pub url: Option<String>,
    pub redacted: bool,
}

#[derive(Deserialize)]
pub struct Author {
    #[serde(rename = "type")]
    pub type_: String,
    pub id: String,
    pub name: Option<String>,
    pub email: String,
}

#[derive(Deserialize)]
pub struct Attachment {
    #[serde(rename = "type")]
    pub type_: String,
    pub name: String,
    pub url: String,
    pub content_type: String,
    pub filesize: i64,
    pub width: i64,
    pub height: i64,
}

#[derive(Deserialize)]
pub struct Contacts {
    #[serde(rename = "type")]
    pub type_: String,
    pub contacts: Vec<ContactReference>,
}

#[derive(Deserialize)]
pub struct Teammates {
    #[serde(rename = "type")]
    pub type_: String,
    pub teammates: Vec<Reference>,
}

#[derive(Deserialize)]
pub struct FirstContactReply {
    pub created_at: i64,
    #[serde(rename = "type")]
    pub type_: String,
    pub url: Option<String>,
}

#[derive(Deserialize)]
pub struct SlaApplied {
    #[serde(rename = "type")]
    pub type_: String,
    pub sla_name: String,
    pub sla_status: String,
}

#[derive(Deserialize)]
pub struct Statistics {
    #[serde(rename = "type")]
    pub type_: String,
    pub time_to_assignment: Option<i64>,
    pub time_to_admin_reply: Option<i64>,
    pub time_to_first_close: Option<i64>,
    pub time_to_last_close: Option<i64>,
    pub median_time_to_reply: Option<i64>,
    pub first_contact_reply_at: Option<i64>,
    pub first_assignment_at: Option<i64>,
    pub first_admin_reply_at: Option<i64>,
    pub first_close_at: Option<i64>,
    pub last_assignment_at: Option<i64>,
    pub last_assignment_admin_reply_at: Option<i64>,
    pub last_contact_reply_at: Option<i64>,
    pub last_admin_reply_at: Option<i64>,
    pub last_close_at: Option<i64>,
    pub last_closed_by_id: Option<String>,
    pub count_reopens: Option<i64>,
    pub count_assignments: Option<i64>,
    pub count_conversation_parts: Option<i64>,
}

#[derive(Deserialize)]
pub struct ConversationParts {
    #[serde(rename = "type")]
    pub type_: String,
    pub conversation_parts: Vec<ConversationPart>,
    pub total_count: i64,
}

#[derive(Deserialize)]
pub struct ConversationPart {
    #[serde(rename = "type")]
    pub type_: String,
    pub id: String,
    pub part_type: String,
    pub body: Option<String>,
    pub created_at: i64,
    pub updated_at: Option<i64>,
    pub notified_at: i64,
    pub assigned_to: Option<Reference>,
    pub author: Author,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    pub external_id: Option<String>,
    pub redacted: bool,
}

#[derive(Deserialize)]
pub struct LinkedObjects {
    #[serde(rename = "type")]
    pub type_: String,
    pub total_count: i64,
    pub has_more: bool,
    pub data: Vec<Value>,
}
