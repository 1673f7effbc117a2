# Berdaya dashboard and exports: English. Same keys as id.ftl (a test fails when one
# language lacks a key the other has). Programme words stay Indonesian: PKH, P2K2, KUBE,
# Musdes, IKS.

language-name = English
other-language = Bahasa Indonesia
app-tagline = Empowering poor families

## Pages and controls
period = Period
period-from = From month
period-to = To month
view = View
view-month = Monthly
view-quarter = Quarterly
view-year = Yearly
show = Show
download-csv = Download CSV
download-xlsx = Download Excel (XLSX)
print = Print
logout = Sign out
signed-in-as = Signed in as { $subject } ({ $role })
figures-up-to = Figures up to: { $sources } · { $pending } pending · { $parked } parked
figures-none-yet = none yet
child-regions = Regions below
child-regions-none = No figures for the regions below in this period yet.
sort-hint = Click a column heading to sort.
col-region = Region
col-level = Level
col-code = Code
no-indicators-yet = No indicators yet: the service for this strategy records no events in this deployment.
no-figures = No figures in this period.
per-month = per month
per-quarter = per quarter
per-year = per year
level-at-end = level at period end
total = total
median-days = Median: { $days } days ({ $cases } cases in this period)
national = Indonesia
provinces = Provinces
active-households = Active households
no-households = No households are registered yet.
printed-on = Printed { $at }
quarter-label = Q{ $quarter } { $year }

## Sign-in
login-title = Sign in
login-intro = Paste the access token your Berdaya administrator gave you. The session lasts { $hours } hours or until the token expires.
login-token = Access token
login-submit = Sign in
login-refused = The token is not valid or has expired. Ask your Berdaya administrator for a new one.
logged-out = You are signed out.

## Errors
error-title-400 = Bad request
error-title-401 = Sign-in needed
error-title-403 = Not allowed
error-title-404 = Not found
error-title-500 = Server error
error-sign-in = Please sign in first.
error-forbidden = You may not see region { $code }.
error-no-region = This token grants no region.
error-unknown-region = Region { $code } is unknown.
error-internal = Something went wrong on the server; try again later. Give the administrator the reference { $reference }.
back-home = Back to the start page

## Regions
level-province = Province
level-regency = Regency/City
level-district = District (Kecamatan)
level-village = Village (Kelurahan/Desa)
region-province = { $name } Province
region-regency = { $name }
region-district = { $name } District
region-village-1 = { $name } (Kelurahan)
region-village-2 = { $name } (Desa)
region-village-3 = { $name } (Desa Adat)

## Strategies
strategy-0 = Household registry
strategy-1 = 1. Social participation
strategy-2 = 2. Entrepreneurship (KUBE)
strategy-3 = 3. Savings culture
strategy-4 = 4. Social partnerships
strategy-5 = 5. Social advocacy
strategy-6 = 6. Capacity building
strategy-7 = 7. Spiritual values and local wisdom

## Exports
csv-region-code = region_code
csv-region-name = region_name
csv-region-level = level
csv-month = month
csv-strategy = strategy
csv-indicator = indicator
csv-indicator-title = indicator_title
csv-dimension = dimension
csv-dimension-label = dimension_label
csv-value = value
csv-unit = unit
xlsx-sheet-0 = Registry
xlsx-sheet-1 = 1 Participation
xlsx-sheet-2 = 2 KUBE
xlsx-sheet-3 = 3 Savings
xlsx-sheet-4 = 4 Partnerships
xlsx-sheet-5 = 5 Advocacy
xlsx-sheet-6 = 6 Capacity
xlsx-sheet-7 = 7 Local wisdom

## Units
unit-rupiah = rupiah

## Dimensions
dimension-decile = decile
value-decile = Decile { $n }
value-days = { $n } days

## Indicators: registry
ind-registry-households_registered = Households registered
    .unit = households
ind-registry-households_active = Active households by DTSEN decile
    .unit = households
ind-registry-people = People in active households
    .unit = people
ind-registry-enrolments = Programme enrolments
    .unit = households
ind-registry-exits = Programme exits
    .unit = households
ind-registry-enrolled = Households enrolled
    .unit = households
ind-registry-pkh_entitlement = PKH annual entitlement
    .unit = rupiah

## Indicators: 1 participation
ind-participation-activities_planned = Activities planned
    .unit = activities
ind-participation-activities_held = Activities held
    .unit = activities
ind-participation-activities_cancelled = Activities cancelled
    .unit = activities
ind-participation-households_reached = Households reached
    .unit = households
ind-participation-attendance = Attendance (present vs absent)
    .unit = household attendances
ind-participation-actions_completed = Agreed actions completed
    .unit = actions

## Indicators: 2 KUBE
ind-enterprise-groups = KUBE groups by stage
    .unit = groups
ind-enterprise-members = KUBE member households
    .unit = households
ind-enterprise-grants_awarded = Grants awarded
    .unit = rupiah
ind-enterprise-grants_disbursed = Grants disbursed
    .unit = rupiah
ind-enterprise-revenue = Revenue reported
    .unit = rupiah
ind-enterprise-profit = Profit reported
    .unit = rupiah
ind-enterprise-groups_reporting = Groups reporting
    .unit = groups
ind-enterprise-iks = IKS (social-solidarity contribution)
    .unit = rupiah
ind-enterprise-support = Individual entrepreneurship support
    .unit = sessions

## Indicators: 3 savings
ind-savings-accounts_open = Open savings accounts
    .unit = accounts
ind-savings-balance = Total savings balance
    .unit = rupiah
ind-savings-deposits = Deposits
    .unit = rupiah
ind-savings-withdrawals = Withdrawals
    .unit = rupiah
ind-savings-households_saving = Households saving
    .unit = households
ind-savings-incentives = Incentive credits
    .unit = rupiah
ind-savings-goals = Savings goals
    .unit = goals

## Indicators: 4 partnerships
ind-partnerships-partners_active = Active partners by kind
    .unit = partners
ind-partnerships-agreements_in_force = Agreements in force
    .unit = agreements
ind-partnerships-agreements_signed = Agreements signed
    .unit = agreements
ind-partnerships-agreements_expired = Agreements expired
    .unit = agreements
ind-partnerships-agreements_terminated = Agreements terminated
    .unit = agreements
ind-partnerships-referrals_made = Referrals made by purpose
    .unit = referrals
ind-partnerships-referrals_accepted = Referrals accepted
    .unit = referrals
ind-partnerships-referrals_declined = Referrals declined
    .unit = referrals
ind-partnerships-referrals_completed = Referrals completed
    .unit = referrals
ind-partnerships-credit_obtained = Credit obtained through referrals
    .unit = rupiah
ind-partnerships-households_reached = Households reached through partners
    .unit = households
ind-partnerships-commitment_targets = Commitment targets
    .unit = rupiah or count
ind-partnerships-commitment_achieved = Commitments achieved
    .unit = rupiah or count

## Indicators: 5 advocacy
ind-advocacy-cases_opened = Cases opened by right
    .unit = cases
ind-advocacy-cases_resolved = Cases resolved by right
    .unit = cases
ind-advocacy-cases_escalated = Cases escalated by right
    .unit = cases
ind-advocacy-cases_closed_unresolved = Cases closed unresolved by right
    .unit = cases
ind-advocacy-households_restored = Households whose access was restored
    .unit = households
ind-advocacy-days_to_resolution = Days to resolution (median from the distribution)
    .unit = cases
ind-advocacy-open_cases = Open cases by urgency
    .unit = cases
ind-advocacy-actions = Advocacy actions by kind
    .unit = actions
ind-advocacy-overdue_cases = Overdue cases by right
    .unit = cases

## Indicators: 6 and 7 capacity, spiritual values and local wisdom
ind-capacity-people = People who run the programme, by role
    .unit = people
ind-capacity-trained_by_role = People trained, by role
    .unit = people
ind-capacity-trained_by_method = People trained, by method
    .unit = people
ind-capacity-cohort_outcomes = Cohort outcomes: completion rate
    .unit = participants
ind-capacity-certified = Certificates issued
    .unit = certificates
ind-capacity-certificates_expiring = Certificates expiring in the month
    .unit = certificates
ind-capacity-activities = Local-wisdom activities, by kind
    .unit = activities
ind-capacity-activity_values = Activities, by value or norm
    .unit = activities
ind-capacity-households_reached = Households reached
    .unit = households
ind-capacity-leaders_involved = Religious and customary leaders involved
    .unit = people

## Values of the dimensions
value-activity-kind-PROGRAMME_INFORMATION = Programme information (sosialisasi)
value-activity-kind-AWARENESS = Awareness building
value-activity-kind-DIALOGUE = Dialogue
value-activity-kind-DELIBERATION = Deliberation (Musdes/Muskel)
value-activity-kind-JOINT_ACTION = Joint action
value-activity-kind-JOINT_EVALUATION = Joint evaluation
value-activity-kind-FAMILY_DEVELOPMENT_SESSION = P2K2 family development session
value-attendance-PRESENT = Present
value-attendance-ABSENT = Absent
value-programme-PKH = PKH
value-programme-PIP = PIP
value-programme-SEMBAKO = Sembako
value-stage-TUMBUH = Tumbuh (growing)
value-stage-BERKEMBANG = Berkembang (developing)
value-stage-MAJU_MANDIRI = Maju/Mandiri (self-reliant)
value-scheme-BLPS = BLPS
value-scheme-KUBE_CAPITAL = KUBE capital aid
value-scheme-OTHER = Other scheme
value-iks-flow-COLLECTED = IKS collected
value-iks-flow-SHARED = IKS shared
value-support-SOCIAL_GUIDANCE = Social guidance
value-support-MOTIVATION = Motivation
value-support-ENTREPRENEURSHIP_TRAINING = Entrepreneurship training
value-support-APPRENTICESHIP = Apprenticeship
value-support-MENTORING_VISIT = Mentoring visit
value-goal-SET = Goal set
value-goal-REACHED = Goal reached
value-partner-kind-BUSINESS = Business (CSR/TJSL)
value-partner-kind-BANK = Bank
value-partner-kind-COOPERATIVE_OR_BMT = Cooperative/BMT
value-partner-kind-MICROFINANCE_INSTITUTION = Microfinance institution
value-partner-kind-NGO = NGO (LSM)
value-partner-kind-SOCIAL_ORGANISATION = Social organisation (Orsos)
value-partner-kind-UNIVERSITY = University
value-partner-kind-GOVERNMENT_AGENCY = Government agency or state enterprise
value-partner-kind-RELIGIOUS_OR_COMMUNITY = Religious or community organisation
value-partner-kind-MEDIA = Media
value-agreement-kind-MOU = Memorandum of understanding (MoU)
value-agreement-kind-PKS = Cooperation agreement (PKS)
value-purpose-CREDIT = Credit
value-purpose-MARKETING = Marketing
value-purpose-TRANSPORT = Transport
value-purpose-TRAINING = Training
value-purpose-EMPLOYMENT = Employment
value-purpose-BASIC_SERVICE = Basic service
value-urgency-URGENT = Urgent
value-urgency-HIGH = High
value-urgency-NORMAL = Normal
value-action-kind-POLICY_FORMULATION = Policy formulation
value-action-kind-HEARING = Hearing (audiensi)
value-action-kind-PUBLIC_DIALOGUE = Public dialogue
value-action-kind-CAMPAIGN = Campaign
value-action-kind-SOCIAL_ACTION = Social action
value-action-kind-FORMAL_COMPLAINT = Formal complaint
value-action-kind-LEGAL_AID_REFERRAL = Legal aid referral
value-action-kind-OMBUDSMAN_REFERRAL = Ombudsman referral
value-action-kind-ACCOMPANIMENT = Accompaniment
value-role-GOVERNMENT_CENTRAL = Ministry of Social Affairs
value-role-GOVERNMENT_PROVINCIAL = Provincial social-affairs office
value-role-GOVERNMENT_REGENCY = Regency/city social-affairs office
value-role-PENDAMPING_PKH = PKH facilitator
value-role-PENDAMPING_KUBE = KUBE facilitator
value-role-TKSK = TKSK (district social-welfare worker)
value-role-PSM = PSM (community social worker)
value-role-SOCIAL_WORKER = Social worker
value-role-ORGANISATION_MEMBER = Organisation member
value-role-BUSINESS_REPRESENTATIVE = Business representative
value-role-RECIPIENT_CADRE = Recipient cadre
value-role-RELIGIOUS_LEADER = Religious leader
value-role-CUSTOMARY_LEADER = Customary leader
value-method-EDUCATION = Education
value-method-TRAINING = Training
value-method-FIELD_STUDY = Field study
value-method-COMPARATIVE_STUDY = Comparative study
value-method-APPRENTICESHIP = Apprenticeship
value-method-MENTORING = Mentoring
value-method-ASSESSMENT = Assessment
value-method-RESEARCH_AND_DEVELOPMENT = Research and development
value-outcome-COMPLETED = Completed
value-outcome-NOT_COMPLETED = Not completed
value-local-activity-RELIGIOUS_GUIDANCE = Religious guidance
value-local-activity-GOTONG_ROYONG = Gotong royong (communal work)
value-local-activity-ADAT_DELIBERATION = Adat deliberation
value-local-activity-ARISAN = Arisan (rotating savings)
value-local-activity-JIMPITAN = Jimpitan
value-local-activity-LUMBUNG = Lumbung (grain store)
value-local-activity-OTHER_MUTUAL_AID = Other mutual-aid tradition
