//! [`FoldState`]: what one conversation's folding remembers, kept by the caller between messages.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// The items seen and the senders' recent links in one conversation: what `repeat` and `flood` fold rules need.
/// The caller keeps one per conversation and passes it to every [`crate::Engine::fold`] of that conversation, in
/// message order; it serialises to JSON (camelCase) to outlive a restart.
///
/// It is bounded: at most [`FoldState::MAX_ITEMS`] items and [`FoldState::MAX_KEYS`] sender counts are kept, the
/// oldest dropped first, so a week-long flood cannot grow it without end.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct FoldState {
    /// Item key -> when it was last seen (seconds; 0 when the messages have no times).
    seen: HashMap<String, u64>,
    /// `<fold rule id> <sender>` -> the times of that sender's links the rule matched, oldest first.
    senders: HashMap<String, Vec<u64>>,
}

impl FoldState {
    /// The most items kept.
    pub const MAX_ITEMS: usize = 4096;
    /// The most sender counts kept.
    pub const MAX_KEYS: usize = 1024;
    /// The most times kept for one sender count.
    const MAX_TIMES: usize = 1001;

    /// An empty state: a conversation with no history.
    pub fn new() -> Self {
        FoldState::default()
    }

    /// How many items are remembered.
    pub fn items(&self) -> usize {
        self.seen.len()
    }

    /// When `key` was last seen, if it is remembered.
    pub(crate) fn last_seen(&self, key: &str) -> Option<u64> {
        self.seen.get(key).copied()
    }

    /// Records `key` as seen at `now`.
    pub(crate) fn saw(&mut self, key: &str, now: u64) {
        match self.seen.get_mut(key) {
            Some(last) => *last = (*last).max(now),
            None => {
                if self.seen.len() >= Self::MAX_ITEMS {
                    drop_oldest(&mut self.seen, |t| *t);
                }
                self.seen.insert(key.to_owned(), now);
            }
        }
    }

    #[cfg(test)]
    fn seen_again(&mut self, key: &str, now: u64, window: u64) -> bool {
        let again = self.last_seen(key).is_some_and(|last| last <= now && now - last <= window);
        self.saw(key, now);
        again
    }

    /// Records one link of `sender` for the flood rule `rule` at `now`, and says how many of that sender's links the
    /// rule matched within `window` seconds before `now`, this one included.
    pub(crate) fn count(&mut self, rule: &str, sender: &str, now: u64, window: u64) -> usize {
        let key = format!("{rule} {sender}");
        if !self.senders.contains_key(&key) && self.senders.len() >= Self::MAX_KEYS {
            drop_oldest(&mut self.senders, |times| times.last().copied().unwrap_or(0));
        }
        let times = self.senders.entry(key).or_default();
        times.retain(|&t| t <= now && now - t <= window);
        if times.len() >= Self::MAX_TIMES {
            times.remove(0);
        }
        times.push(now);
        times.len()
    }
}

/// Drops the older half of `map` by `time`.
fn drop_oldest<V>(map: &mut HashMap<String, V>, time: impl Fn(&V) -> u64) {
    let mut times: Vec<u64> = map.values().map(&time).collect();
    let middle = times.len() / 2;
    let (_, cut, _) = times.select_nth_unstable(middle);
    let cut = *cut;
    let mut dropped = 0;
    map.retain(|_, v| {
        let keep = time(v) > cut || dropped >= middle;
        if !keep {
            dropped += 1;
        }
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeat_is_seen_again_within_its_window_only() {
        let mut s = FoldState::new();
        assert!(!s.seen_again("taobao:1", 100, 60));
        assert!(s.seen_again("taobao:1", 150, 60));
        assert!(!s.seen_again("taobao:1", 300, 60), "150 -> 300 is past the window");
        assert!(!s.seen_again("taobao:2", 300, 60));
    }

    #[test]
    fn a_sender_count_slides_with_its_window() {
        let mut s = FoldState::new();
        assert_eq!(s.count("r", "alice", 0, 600), 1);
        assert_eq!(s.count("r", "alice", 10, 600), 2);
        assert_eq!(s.count("r", "bob", 10, 600), 1);
        assert_eq!(s.count("r", "alice", 700, 600), 1, "the first two are out of the window");
    }

    #[test]
    fn the_state_is_bounded() {
        let mut s = FoldState::new();
        for i in 0..10_000u64 {
            s.seen_again(&format!("k{i}"), i, 60);
            s.count("r", &format!("sender{i}"), i, 600);
        }
        assert!(s.items() <= FoldState::MAX_ITEMS);
        assert!(s.senders.len() <= FoldState::MAX_KEYS);
        assert!(s.seen.contains_key("k9999"), "the newest are kept");
        for _ in 0..5000 {
            s.count("r", "alice", 20_000, 600);
        }
        assert!(s.senders["r alice"].len() <= FoldState::MAX_TIMES);
    }

    #[test]
    fn the_state_round_trips_through_json() {
        let mut s = FoldState::new();
        s.seen_again("jd:100012043978", 5, 60);
        s.count("default.flood", "Alice", 5, 600);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<FoldState>(&json).unwrap(), s);
        assert!(serde_json::from_str::<FoldState>(r#"{"seen": 3}"#).is_err());
    }
}
