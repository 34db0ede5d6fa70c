//! The response schemas of the Candidates API contract, in its field order.

use super::Number;
use crate::issue::PathSegment;
use crate::json::Value;

schema! {
    /// Envelope of a single resource: `SingleResponse[...]` in the contract
    /// (`SingleResponse_IngestCandidateResponse_`, `SingleResponse_AsyncIngestResponse_`,
    /// and with `T = Vec<BulkIngestCandidateResponseItem>`,
    /// `SingleResponse_list_BulkIngestCandidateResponseItem__`).
    ///
    /// Decoding needs `T: Default` (the envelope is decoded in place).
    pub struct SingleResponse<T> {
        /// The resource.
        data: T,
        /// Optional metadata. Shape varies by endpoint.
        meta: Option<Vec<(String, Value)>> = None,
    }

    /// A page of resources: `ListResponse[...]` in the contract
    /// (`ListResponse_CandidateResponse_` with `T = CandidateResponse`).
    pub struct ListResponse<T> {
        /// The resources on this page.
        data: Vec<T>,
        /// Where this page is in the whole list.
        pagination: PaginationMeta,
    }

    /// Response after successfully ingesting a candidate (`IngestCandidateResponse`).
    pub struct IngestCandidateResponse {
        /// Object type identifier: `"candidate"` (the default when absent; any string is kept).
        object: String = "candidate".to_owned(),
        /// Unique interview identifier for this candidate-posting pair.
        interview_id: String,
        /// URL the candidate uses to access the interview.
        interview_url: String,
        /// ID of the posting this candidate was ingested into.
        posting_id: String,
        /// Full candidate resource (receipt pattern).
        candidate: Option<CandidateResponse> = None,
    }

    /// A candidate within a posting's pipeline (`CandidateResponse`).
    ///
    /// Each candidate has a unique `interview_id` (one per candidate-posting
    /// pair) and a `candidate_id` (shared across postings within a workspace).
    pub struct CandidateResponse {
        /// Object type identifier: `"candidate"` (the default when absent; any string is kept).
        object: String = "candidate".to_owned(),
        /// Unique interview identifier (one per candidate-posting pair).
        interview_id: String,
        /// Unique candidate identifier (shared across postings within a workspace).
        candidate_id: Option<String> = None,
        /// ID of the posting this candidate belongs to.
        posting_id: String,
        /// Candidate's full name.
        name: String,
        /// Candidate's email address.
        email: String,
        /// Overall match score (0-100). Aggregated across all completed workflow steps.
        score: Option<Number> = None,
        /// Current candidate status: 'pending', 'in_progress', 'evaluating', 'completed',
        /// 'shortlisted', 'dismissed', 'knocked_out'. 'evaluating' means all workflow steps
        /// are done but the final score is still being computed.
        status: String,
        /// URL the candidate uses to access the interview.
        interview_url: Option<String> = None,
        /// Step-by-step workflow progress.
        workflow: Option<CandidateWorkflow> = None,
        /// Per-agent-type summary metrics.
        agent_summary: Option<AgentSummary> = None,
        /// Whether a recruiter has shortlisted this candidate (default `false`).
        shortlisted: bool = false,
        /// Whether a recruiter has dismissed this candidate (default `false`).
        dismissed: bool = false,
        /// Set of key-value pairs for storing additional information. Up to 50 keys,
        /// each key max 40 chars, each value max 500 chars.
        metadata: Option<Vec<(String, String)>> = None,
        /// Additional candidate data supplied at ingestion time (object entries, in order).
        data: Option<Vec<(String, Value)>> = None,
        /// Unix timestamp when the candidate completed the interview.
        interviewed_at: Option<Number> = None,
        /// Unix timestamp when the candidate was ingested.
        created_at: Option<Number> = None,
    }

    /// Overall workflow progress for a candidate (`CandidateWorkflow`).
    pub struct CandidateWorkflow {
        /// Ordered list of workflow step statuses.
        steps: Vec<WorkflowStepStatus>,
        /// True when every step has been completed.
        all_complete: bool,
        /// Unix timestamp of the candidate's most recent interaction with any step.
        last_activity_at: Option<Number> = None,
    }

    /// Status of a single workflow step for a candidate (`WorkflowStepStatus`).
    pub struct WorkflowStepStatus {
        /// Workflow step identifier.
        step_id: String,
        /// Position in the workflow (1-based).
        order: i64,
        /// Step status: 'not_started', 'in_progress', 'completed', 'knocked_out'.
        status: String,
        /// Whether the candidate has started this step.
        started: bool,
        /// Whether the candidate has completed this step.
        completed: bool,
        /// Whether the candidate was disqualified at this step (default `false`).
        knocked_out: bool = false,
        /// Unix timestamp of the last status change.
        last_updated_at: Option<Number> = None,
    }

    /// Per-agent-type summary metrics for a candidate (`AgentSummary`).
    pub struct AgentSummary {
        /// Resume screening summary.
        resume: Option<AgentResumeSummary> = None,
        /// Web interview summary.
        web_interview: Option<AgentWebInterviewSummary> = None,
        /// SMS screening summary.
        sms: Option<AgentSMSSummary> = None,
        /// Form screening summary.
        form: Option<AgentFormSummary> = None,
    }

    /// Resume screening summary metrics (`AgentResumeSummary`).
    pub struct AgentResumeSummary {
        /// Resume match score.
        resume_score: Option<Number> = None,
        /// Whether the candidate meets eligibility criteria.
        is_eligible: Option<bool> = None,
        /// URL to the uploaded resume.
        resume_link: Option<String> = None,
    }

    /// Web interview summary metrics (`AgentWebInterviewSummary`).
    pub struct AgentWebInterviewSummary {
        /// Overall interview score.
        score: Option<Number> = None,
        /// Candidate strengths identified by AI (empty when absent).
        highlights: Vec<String> = Vec::new(),
        /// Signed URL to audio recording.
        audio_recording_link: Option<String> = None,
        /// Signed URL to video recording.
        video_recording_link: Option<String> = None,
    }

    /// SMS screening summary metrics (`AgentSMSSummary`).
    pub struct AgentSMSSummary {
        /// Whether the candidate passed SMS screening.
        is_eligible: Option<bool> = None,
        /// Criteria the candidate passed (empty when absent).
        criteria_passed: Vec<String> = Vec::new(),
        /// Criteria the candidate failed (empty when absent).
        criteria_failed: Vec<String> = Vec::new(),
        /// Total messages sent by the agent.
        messages_sent: Option<i64> = None,
    }

    /// Form screening summary metrics (`AgentFormSummary`).
    pub struct AgentFormSummary {
        /// Whether the candidate completed the form.
        is_complete: Option<bool> = None,
        /// Whether the candidate passed all knockout questions.
        is_eligible: Option<bool> = None,
        /// Number of questions answered.
        questions_answered: Option<i64> = None,
        /// Total number of questions on the form.
        total_questions: Option<i64> = None,
    }

    /// A single item in the bulk ingest response (`BulkIngestCandidateResponseItem`).
    pub struct BulkIngestCandidateResponseItem {
        /// Object type identifier: `"candidate"` (the default when absent; any string is kept).
        object: String = "candidate".to_owned(),
        /// Unique interview identifier for this candidate-posting pair.
        interview_id: String,
        /// URL the candidate uses to access the interview.
        interview_url: String,
        /// Set of key-value pairs for storing additional information. Up to 50 keys,
        /// each key max 40 chars, each value max 500 chars.
        metadata: Option<Vec<(String, String)>> = None,
    }

    /// Response after queuing an async ingest job (`AsyncIngestResponse`).
    pub struct AsyncIngestResponse {
        /// Object type identifier: `"ingestion"` (the default when absent; any string is kept).
        object: String = "ingestion".to_owned(),
        /// Unique identifier for this ingestion job.
        ingestion_id: String,
        /// Status of the ingestion job (default `"queued"`).
        status: String = "queued".to_owned(),
    }

    /// Pagination of a list (`PaginationMeta`).
    pub struct PaginationMeta {
        /// Whether more results exist beyond this page.
        has_more: bool,
        /// Total number of results (if available).
        total_count: Option<i64> = None,
        /// URL of this resource.
        url: Option<String> = None,
    }

    /// The error envelope of 400, 401, 404 and 429 responses (`APIErrorResponse`).
    pub struct ApiErrorResponse {
        /// The error.
        error: ApiError,
    }

    /// An API error (`APIError`).
    pub struct ApiError {
        /// Error category, e.g. `invalid_request_error`.
        r#type: String,
        /// Machine-readable error code, e.g. `validation_error`.
        code: String,
        /// Human-readable summary.
        message: String,
        /// Top-level parameter that caused the error.
        param: Option<String> = None,
        /// Link to relevant documentation.
        doc_url: Option<String> = None,
        /// Detailed per-field validation errors (empty when absent).
        errors: Vec<ApiErrorDetail> = Vec::new(),
    }

    /// One per-field error of an [`ApiError`] (`APIErrorDetail`).
    pub struct ApiErrorDetail {
        /// Machine-readable error code, e.g. `invalid_param`.
        code: String,
        /// Human-readable explanation.
        message: String,
        /// Parameter that caused the error.
        param: Option<String> = None,
    }

    /// The body of 422 responses (`HTTPValidationError`).
    pub struct HttpValidationError {
        /// Each validation failure (empty when absent).
        detail: Vec<ValidationErrorItem> = Vec::new(),
    }

    /// One validation failure of a 422 response (`ValidationError`).
    pub struct ValidationErrorItem {
        /// Location: keys (strings) and indices (non-negative integers) from the request root,
        /// e.g. `["body", "data", 0, "email"]`.
        loc: Vec<PathSegment>,
        /// Message.
        msg: String,
        /// Error type.
        r#type: String,
    }
}
