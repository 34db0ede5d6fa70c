//! A global allocator for single-threaded wasm modules whose allocations all
//! end when each call returns (heymilo-ingest's browser builds: every export
//! takes text, returns text, and keeps nothing).
//!
//! Memory is handed out by bumping a pointer; freeing the most recent block
//! gives it back, and when the last live block is freed the whole arena is
//! reused from the start. Compared with dlmalloc this is a few hundred bytes
//! instead of ~7 KB of wasm, and faster; the price is that memory freed in
//! the middle of a call is only reused after the call. It must not be used
//! where allocations outlive calls (the server build keeps a sandbox store
//! and uses the default allocator).
#![no_std]
#![deny(missing_docs)]

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

const PAGE: usize = 65_536;

struct State {
    /// Start of the arena (0 until the first allocation).
    base: usize,
    /// Next free byte.
    next: usize,
    /// End of the memory the arena owns.
    end: usize,
    /// Blocks handed out and not yet freed.
    live: usize,
}

/// The allocator. Declare it with `#[global_allocator]` in a wasm32 build.
pub struct CallArena {
    state: UnsafeCell<State>,
}

// SAFETY: wasm32-unknown-unknown without the atomics feature has one thread.
unsafe impl Sync for CallArena {}

impl CallArena {
    /// An empty arena; memory is claimed on first use.
    pub const fn new() -> Self {
        CallArena {
            state: UnsafeCell::new(State {
                base: 0,
                next: 0,
                end: 0,
                live: 0,
            }),
        }
    }
}

impl Default for CallArena {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(target_arch = "wasm32")]
fn grow(pages: usize) -> Option<usize> {
    let previous = core::arch::wasm32::memory_grow(0, pages);
    (previous != usize::MAX).then(|| previous * PAGE)
}

#[cfg(not(target_arch = "wasm32"))]
fn grow(_pages: usize) -> Option<usize> {
    None
}

impl State {
    /// Makes sure `[next, needed)` is owned, growing the memory; false when it cannot.
    fn reserve(&mut self, needed: usize) -> bool {
        if needed <= self.end {
            return true;
        }
        let pages = (needed - self.end).div_ceil(PAGE);
        match grow(pages) {
            // Only this allocator grows the memory, so new pages follow ours.
            Some(start) if start == self.end => {
                self.end += pages * PAGE;
                true
            }
            _ => false,
        }
    }
}

unsafe impl GlobalAlloc for CallArena {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: single-threaded, and no reference to the state outlives this call.
        let state = unsafe { &mut *self.state.get() };
        if state.end == 0 {
            match grow(1) {
                Some(start) => {
                    state.base = start;
                    state.next = start;
                    state.end = start + PAGE;
                }
                None => return core::ptr::null_mut(),
            }
        }
        let align = layout.align();
        let Some(start) = state.next.checked_add(align - 1).map(|n| n & !(align - 1)) else {
            return core::ptr::null_mut();
        };
        let Some(after) = start.checked_add(layout.size()) else {
            return core::ptr::null_mut();
        };
        if !state.reserve(after) {
            return core::ptr::null_mut();
        }
        state.next = after;
        state.live += 1;
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as in `alloc`.
        let state = unsafe { &mut *self.state.get() };
        state.live -= 1;
        if state.live == 0 {
            state.next = state.base;
        } else if ptr as usize + layout.size() == state.next {
            state.next = ptr as usize;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as in `alloc`.
        let state = unsafe { &mut *self.state.get() };
        let start = ptr as usize;
        if start + layout.size() == state.next {
            // The last block grows or shrinks in place.
            let Some(after) = start.checked_add(new_size) else {
                return core::ptr::null_mut();
            };
            if !state.reserve(after) {
                return core::ptr::null_mut();
            }
            state.next = after;
            return ptr;
        }
        if new_size <= layout.size() {
            return ptr;
        }
        // SAFETY: the caller guarantees `layout` and `new_size` are valid for a realloc.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: as for any GlobalAlloc.
        let new_ptr = unsafe { self.alloc(new_layout) };
        if !new_ptr.is_null() {
            // SAFETY: both blocks are valid for `layout.size()` bytes and do not overlap.
            unsafe { core::ptr::copy_nonoverlapping(ptr, new_ptr, layout.size()) };
            // SAFETY: `ptr` was allocated by this allocator with `layout`.
            unsafe { self.dealloc(ptr, layout) };
        }
        new_ptr
    }
}
