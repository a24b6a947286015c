//! Paging through `__next` as a stream: the caller gets each page as it
//! arrives (1000 rows on bulk and sync endpoints) and decides whether to
//! go on, so a 100,000-row read never sits in memory at once.

use crate::error::Result;
use crate::http::Page;
use futures_util::stream::{self, Stream};
use std::future::Future;

/// Pages from `first_url` on, each fetched by `fetch` (which carries the
/// token, pacing and retries). Ends after the page without `__next`, or
/// after the first error.
pub(crate) fn pages<F, Fut>(first_url: String, fetch: F) -> impl Stream<Item = Result<Page>>
where
    F: Fn(String) -> Fut + Send + Sync,
    Fut: Future<Output = Result<Page>> + Send,
{
    stream::unfold(Some(first_url), move |next| {
        let fut = next.map(&fetch);
        async move {
            let page = fut?.await;
            let following = page.as_ref().ok().and_then(|p| p.next.clone());
            Some((page, following))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    #[tokio::test]
    async fn follows_next_until_absent() {
        let s = pages("p0".to_string(), |url: String| async move {
            let n: usize = url[1..].parse().unwrap();
            Ok(Page {
                rows: Vec::new(),
                next: (n < 4).then(|| format!("p{}", n + 1)),
                count: None,
            })
        });
        let all: Vec<_> = s.collect().await;
        assert_eq!(all.len(), 5);
    }
}
