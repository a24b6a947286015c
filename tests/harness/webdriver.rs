//! The few W3C WebDriver commands the tests use, over plain HTTP.
//!
//! A full client library would bring its own HTTP stack and async runtime;
//! these six commands are small enough to speak directly, and every request
//! and error stays visible in one file.

use reqwest::blocking::Client;
use serde_json::{json, Value};

use crate::{Error, Result};

/// One WebDriver session on one app instance.
pub struct Session {
    http: Client,
    base: String,
}

/// An element of the page, as the driver refers to it.
#[derive(Debug, Clone)]
pub struct Element(pub(crate) String);

impl Session {
    /// Opens a session, which makes the driver start the app.
    pub fn new(driver_url: &str, capabilities: Value) -> Result<Session> {
        let http = Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .map_err(|e| webdriver_error("new session", e))?;
        let value = send(
            &http,
            reqwest::Method::POST,
            &format!("{driver_url}/session"),
            Some(json!({ "capabilities": { "alwaysMatch": capabilities } })),
            "new session",
        )?;
        let id = value["sessionId"]
            .as_str()
            .ok_or_else(|| Error::WebDriver {
                command: "new session".into(),
                message: format!("no sessionId in {value}"),
            })?
            .to_owned();
        Ok(Session {
            http,
            base: format!("{driver_url}/session/{id}"),
        })
    }

    fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Result<Value> {
        send(
            &self.http,
            method,
            &format!("{}{path}", self.base),
            body,
            path,
        )
    }

    /// All elements matching a CSS selector, in document order.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let value = self.call(
            reqwest::Method::POST,
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
        )?;
        Ok(value
            .as_array()
            .map(|items| items.iter().filter_map(element_id).collect())
            .unwrap_or_default())
    }

    /// Clicks the element as a user would.
    pub fn click(&self, element: &Element) -> Result<()> {
        self.call(
            reqwest::Method::POST,
            &format!("/element/{}/click", element.0),
            Some(json!({})),
        )?;
        Ok(())
    }

    /// Runs a script in the page and returns its result.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// The window's title.
    pub fn title(&self) -> Result<String> {
        let value = self.call(reqwest::Method::GET, "/title", None)?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Ends the session, which closes the app.
    pub fn close(&self) -> Result<()> {
        self.call(reqwest::Method::DELETE, "", None)?;
        Ok(())
    }
}

/// The element reference in a WebDriver answer: an object with one key (the
/// W3C element identifier), whose value is the reference.
fn element_id(value: &Value) -> Option<Element> {
    value
        .as_object()?
        .values()
        .next()?
        .as_str()
        .map(|id| Element(id.to_owned()))
}

fn send(
    http: &Client,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
    command: &str,
) -> Result<Value> {
    let mut request = http.request(method, url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().map_err(|e| webdriver_error(command, e))?;
    let status = response.status();
    let body: Value = response.json().map_err(|e| webdriver_error(command, e))?;
    let value = body.get("value").cloned().unwrap_or(Value::Null);
    if !status.is_success() {
        let message = value["message"].as_str().unwrap_or("").to_owned();
        let error = value["error"].as_str().unwrap_or("").to_owned();
        return Err(Error::WebDriver {
            command: command.to_owned(),
            message: format!("{status} {error}: {message}"),
        });
    }
    Ok(value)
}

fn webdriver_error(command: &str, error: reqwest::Error) -> Error {
    Error::WebDriver {
        command: command.to_owned(),
        message: error.to_string(),
    }
}
