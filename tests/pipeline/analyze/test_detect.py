"""Computation detection on chat phrasings: what makes a message a request to compute (a question or an
imperative whose answer is a value derived from data in the message) versus talk that merely holds
numbers (status updates, schedules, logs with 'what's causing this', requests for advice, code or prose).

Every case runs the real analysis stage; the classes below are the ones issue #16 found on unseen sets.
"""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.analyze import analyze
from rlm_bot.pipeline.analyze.operands import blank_data
from rlm_bot.pipeline.analyze.triggers import ask_clause, evidence, find_triggers, request_mood
from rlm_bot.pipeline.types import Task


def computes(text: str) -> bool:
    return analyze(Task(text=text)).computation


# --- mood: a message that only tells something asks for nothing -------------------------------------

@pytest.mark.parametrize("text", [
    "TIL 0.1 + 0.2 != 0.3 in js lmao",
    "the migration will take approx 3-4 hours, planning to start sat 10pm",
    "I'm off 14-23 Dec, Mark is covering support while I'm away",
    "The client wants 3 options at £500, £750 and £1,000. I'll send them over tomorrow.",
    "deploy window is 22:00-23:30 tonight, heads up",
    "3 people out sick today so standup is cancelled",
])
def test_statements_with_numbers_are_not_computations(text):
    assert evidence(text).mood != "asks"
    assert not computes(text)


def test_a_question_opening_with_who_or_whose_asks():
    text = "whose balance is the biggest\nclient,balance\nacme,$950.00\nglobex,$1,250.00\ninitech,$80.00"
    assert request_mood(text) == "asks"
    assert computes(text)


@pytest.mark.parametrize("text", ["sqrt of 7225", "10 lbs to kg", "monthly payment on a 25k loan, 6% apr, 5 years",
                                  "(A or B) and not C, where A=false B=true C=true"])
def test_terse_expressions_and_noun_phrases_are_requests(text):
    assert request_mood(text) == "terse"
    assert computes(text)


def test_a_lone_percentage_in_a_status_line_is_a_value_not_an_operation():
    assert not computes(":rotating_light: sev2 — checkout error rate at 4.2%, investigating")
    assert not computes("meeting notes: 1) budget +5% 2) hire 2 engineers 3) revisit in Q2")
    assert computes("7.5% of 1,200")


# --- what the question asks for: a value, or a person / process / verdict ----------------------------

@pytest.mark.parametrize("text", [
    "Customer on the phone says they were charged twice (£49.99 x2) - what's the refund process again?",
    "I think the sort order on the dashboard is wrong, it shows 10 before 2 - who owns that?",
])
def test_a_question_for_a_person_or_a_process_after_numbers_is_not_a_computation(text):
    assert evidence(text).mood == "asks_other"
    assert not computes(text)


@pytest.mark.parametrize("text", [
    "We sold 340 units at $25 - what's the revenue?",
    "invoice is $18,600 for 124 seats - what's that per seat",
    "Out of 640 survey responses, 208 said they'd recommend us. What percentage is that?",
    "20% off a $75 jacket, what do I pay?",
])
def test_a_question_for_a_value_of_the_stated_numbers_is_a_computation(text):
    assert evidence(text).mood == "asks"
    assert computes(text)


def test_ask_clause_is_the_clause_ending_at_the_last_question_mark():
    text = "invoice is $18,600 for 124 seats - what's that per seat?"
    a, b = ask_clause(text)
    assert text[a:b] == "what's that per seat?"
    assert ask_clause("no question here") is None


@pytest.mark.parametrize("text", [
    "my laptop battery drops from 100% to 20% in about two hours, is that normal?",
    "need help writing a cron expression for every weekday at 6am",
    "<@U024BE7LH> summarise this table for the exec update please, 3 bullet points max\nRegion\tQ1\tQ2\n"
    "North\t12400\t13950\nSouth\t9800\t10250",
    "here's the csv from finance\n```\nmonth,revenue\njan,120000\nfeb,134500\nmar,128900\n```\n"
    "what story does this tell? need something for the board deck",
])
def test_judgements_writing_and_summaries_over_numbers_are_not_computations(text):
    assert not computes(text)


# --- dates, times and ranges are not subtractions ----------------------------------------------------

@pytest.mark.parametrize("text", [
    "```\nERROR 2026-12-07T09:01:22Z db timeout after 30000ms\nERROR 2026-12-07T09:01:25Z db timeout after "
    "30000ms\n```\nany idea what's causing this",
    "The tracking says 3-5 working days, order #48290. Not sure what to tell the customer tbh",
])
def test_timestamps_and_ranges_are_not_arithmetic(text):
    assert not any(t.kind == "arithmetic" for t in find_triggers(text)[0])
    assert not computes(text)


def test_a_span_of_clock_times_to_total_is_a_time_interval():
    text = "Hi, can you total my hours for these two days? Mon 8:50-17:05, Tue 9:10-17:30"
    assert "time_interval" in {t.kind for t in find_triggers(text)[0]}
    assert computes(text)


# --- questions over pasted lists ---------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("which jobs failed?\nbuild-linux: passed\nbuild-mac: failed\nlint: passed\ne2e: failed", True),
    ("For the summer party RSVPs, how many people said yes?\nAmy - yes\nBen - no\nCarla - yes\nDev - maybe", True),
    ("how many items on this list\n• update runbook\n• rotate staging creds\n• review Q1 OKRs", True),
    ("timesheet dump, need hours per person:\nmei,3.5\nraj,2\nmei,4\ntom,6", True),
    ("pull out the action items from these notes:\n- amy to send deck by fri\n- bo to check budget (~$2k)\n"
     "- revisit in 2 weeks", False),
    ("I have pasted the roster below; could you suggest a fair on-call rotation for December?\nname\nann\nben\ncat",
     False),
])
def test_a_question_over_a_pasted_list_is_about_the_data_when_it_asks_an_amount_or_names_its_values(text, expected):
    assert computes(text) is expected


def test_blank_data_keeps_the_request_and_blanks_the_pasted_lines_in_place():
    text = "which jobs failed?\nbuild-linux: passed\nbuild-mac: failed\nlint: passed"
    blanked = blank_data(text)
    assert len(blanked) == len(text)
    assert blanked.startswith("which jobs failed?") and "passed" not in blanked
    assert blank_data("just one line") == "just one line"


# --- everyday operations the stage missed ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "sqrt of 7225", "quick one: 2.5k divided by 8", "Can you tell me what two and a half thousand minus 875 is please",
    "add these up: 1h 20m + 45m + 2h 15m", "Hi! Could you please help me add these up: £45.20, £12.99 and £7.50",
    "is 4,817 even or odd", "initials for Maria Elena Gonzalez?",
    "replace all spaces with underscores: monthly active users by region",
    "what do I need to add to close this off: [ { ( (", "missing closers for `f(a[i], {k: (v` ?",
    "quick sanity check: !(true &amp;&amp; false) || false",
    "cheapest to most expensive pls\n* Oat milk €1.85\n* Coffee beans €12.50\n* Sugar €0.95",
    "how many bits in 64 bytes", "45 mph is how many km/h?", "lbs to kg: 185",
    "anything under $120 in this cart? monitor $329.99, keyboard $89.00, dock $214.50",
    "which commit shas are in here? reverted a1b2c3d and 9f8e7d6c5b",
    "number of weekdays in january 2027", "perimeter of a 7.5 by 4.2 m room?",
    "Could you let me know what 350 euros is in dollars at a rate of 1.08?",
])
def test_everyday_operations_are_detected(text):
    assert computes(text)


@pytest.mark.parametrize("text", [
    "count me in for the 12:30 lunch", "my son is 7 and wants a laptop, any suggestions under £300?",
    "what was the USD to GBP exchange rate on 1 March 2024?", "What does the poet mean by 'the world whispers'?",
    "what are the 3 biggest risks for the launch on 12/01?",
])
def test_idioms_and_knowledge_questions_are_not_operations(text):
    assert not computes(text)


def test_offered_options_make_a_cloze_a_question():
    # a BIG-Bench Hard item: a story that ends in a cloze, then the options to fill it with
    text = ("The following paragraphs each describe a set of five objects arranged in a fixed order. The statements "
            "are logically consistent within each paragraph. On a branch, there are five birds: a quail, an owl, a "
            "raven, a falcon, and a robin. The owl is the leftmost. The robin is to the left of the raven. The quail "
            "is the rightmost. The raven is the third from the left.\nOptions:\n(A) The quail is the rightmost\n"
            "(B) The owl is the rightmost\n(C) The raven is the rightmost\n(D) The falcon is the rightmost")
    assert request_mood(text.split("\nOptions:")[0]) == "states"  # without its options it only tells
    assert evidence(text).mood == "asks"
    assert computes(text)


# --- fresh phrasings written for this change (requests and hard negatives in new voices) ------------

FRESH = [
    ('if 3 of us split the £87 airbnb cleaning fee how much each', True),
    ('we burned 42k in nov and have 380k in the bank. how many months of runway?', True),
    ('how long ago was 14 feb 2026', True),
    ('sum of the odd numbers from 1 to 99', True),
    ('45 mins + 1h50 + 25 mins = ?', True),
    ('Q: 17.5% VAT on 240?', True),
    ('which of these emails are from gmail: a@gmail.com, b@yahoo.com, c@gmail.com', True),
    ('dedupe: apple, banana, apple, cherry, banana', True),
    ('alphabetise: zeta, alpha, mu, beta', True),
    ("how many characters is this tweet: 'shipping the new dashboard today, feedback welcome'", True),
    ("what's 1 in 8 as a percentage", True),
    ('the build took 4m 32s yesterday and 3m 05s today, how much faster is that', True),
    ('can u figure out the avg response time: 1.2, 0.8, 2.4, 1.6 seconds', True),
    ('number of weekdays in january 2027', True),
    ('lbs to kg: 185', True),
    ('my train leaves 14:52 and the trip is 2h 38m, when do I arrive', True),
    ('who scored highest?\nana 88\nben 92\ncai 79', True),
    ('how many unique visitors: u1, u2, u1, u3, u2, u4', True),
    ("what's the mean and median here: 4, 8, 15, 16, 23, 42", True),
    ('How much is a 7.5% raise on 62,000', True),
    ("the sprint has 34 points, we've done 21, what fraction is left?", True),
    ('3 people out sick today so standup is cancelled', False),
    ('any recommendations for a 2-day team offsite near Lisbon?', False),
    ('please review PR #482, it bumps the timeout from 30s to 60s', False),
    ('does anyone know the wifi password for the 4th floor?', False),
    ("what's our policy on expensing meals over $50?", False),
    ('can you write a function that returns the average of a list?', False),
    ('the dashboard shows 99.95% uptime for november, nice work all', False),
    ('how should we split the 40 tickets between the 3 squads? thinking by area', False),
    ('ugh, spent 2 hours on a bug that was a missing comma', False),
    ('please add 5 min buffer between meetings on my calendar', False),
    ("what time is the all-hands tomorrow? I think it's 4pm?", False),
    ('convert this doc to markdown pls', False),
    ('sort out the 3 open invoices with finance by friday pls', False),
    ('which of these 3 logos do you like more?', False),
    ('count me in for the 12:30 lunch', False),
    ('is 2pm or 3pm better for the retro?', False),
    ("translate 'see you at 5' into spanish", False),
    ('the totals in column C look off by about 10%, can you check the formula?', False),
    ("We sold 340 units at $25 - what's the revenue?", True),
    ('budget 12k, spent 8.7k so far. how much is left?', True),
    ("I'm trying to work out how many days until March 3", True),
    ('Dear team, kindly compute the total of the following expenses: 1,250.00; 830.50; 419.75.', True),
    ('45 mph is how many km/h?', True),
    ('pls help, what is 15 percent from 2 400', True),
    ('sort desc: 4.2, 9.1, 0.5, 7.7', True),
    ('🤔 which number is bigger, 2^10 or 10^3?', True),
    ('how many mondays between 1 dec 2026 and 31 jan 2027', True),
    ('get me the version numbers from: shipped 1.4.2 to staging, 1.4.1 still on prod, 1.5.0-rc1 in QA', True),
    ('who worked the most hours?\nname,hours\nlina,38\nomar,42\npete,35', True),
    ('are there duplicates in: 101, 204, 311, 204, 150', True),
    ("1500 invested at 4% annually, what's it worth in 10 years", True),
    ("flight departs 06:40, need to be there 2h early and it's a 45 min drive - what time do I leave?", True),
    ('convert 3.5 hours to minutes', True),
    ('lowest and highest of 18, 4, 27, 11', True),
    ('perimeter of a 7.5 by 4.2 m room?', True),
    ('how many weeks is 100 days', True),
    ('Our team grew from 4 to 11 people this year, so proud of everyone 💪', False),
    ("What's the process for getting a 2nd monitor? mine broke", False),
    ('pls dont ping me between 12 and 1, lunch', False),
    ('Can you explain how the 20% discount in the promo email is applied at checkout?', False),
    ('is 16GB of RAM enough for running 3 docker containers?', False),
    ('I have 2 offers, 95k remote vs 105k hybrid 3 days. what would you do?', False),
    ('ticket 4521 and 4522 are duplicates, closing one', False),
    ('the invoice says net 30 - does that mean from issue date or delivery date?', False),
    ('summary of the 5 incidents last week pls, for the ops review', False),
    ('set a reminder for 9:30 tomorrow to call the bank', False),
    ('anyone up for 5-a-side on thursday at 6?', False),
    ('who approved the 12% price increase??', False),
    ('write a bash one-liner to count lines in all .py files', False),
    ('how do I convert a string to a date in javascript?', False),
    ('Sprint 14 retro: velocity 32, 3 bugs escaped, morale good', False),
    ("what's the link to the 2027 roadmap doc?", False),
    ('we should probably round the prices to .99, thoughts?', False),
    ("what's the best split of the 10k marketing budget between ads and events?", False),
    ('if the meeting is 45 min and starts at 2:50, when does it end', True),
    ('gimme 12.5% of 960', True),
    ('3 devs x 6 days x 7.5h = how many hours', True),
    ("what's the difference between 14:20 and 16:05", True),
    ('our NPS went 31 -> 44, how many points is that', True),
    ('can you tally the votes? yes, no, yes, yes, abstain, no, yes', True),
    ('round 2.71828 to 3 decimals', True),
    ('days left in the year from today?', True),
    ('split 1,000 in a 60/40 ratio', True),
    ('whats bigger 0.7 or 2/3', True),
    ('list the even ones: 3, 10, 7, 22, 15, 8', True),
    ('sum the amounts:\n- coffee 4.50\n- bagel 3.25\n- juice 5.00', True),
    ('how many hours is 2 weeks', True),
    ('Could you let me know what 350 euros is in dollars at a rate of 1.08?', True),
    ("what's 30% off 89.99", True),
    ('yo how many seconds in a day', True),
    ('pls count the rows with status=open\nid,status\n1,open\n2,closed\n3,open\n4,open', True),
    ('age of someone born 3 march 1988?', True),
    ('lowercase + no spaces: Customer Success Team', True),
    ('which date is earlier: 2026-11-30 or 2026-12-01?', True),
    ('deploy window is 22:00-23:30 tonight, heads up', False),
    ('what should I name the 3 new microservices?', False),
    ('the 5pm train was cancelled again, working from home', False),
    ('can you help me understand why the average looks wrong on the sales dashboard?', False),
    ('my son is 7 and wants a laptop, any suggestions under £300?', False),
    ('remind everyone that timesheets for weeks 48-49 are due friday', False),
    ("who's the point of contact for the 2026 audit?", False),
    ('i think 3 of the 12 tests are flaky, should we quarantine them?', False),
    ('happy 5th work anniversary Sam!! 🎉', False),
    ('we hit 1 million users!!! what a year', False),
    ('does the gym membership include the 3 free PT sessions?', False),
    ('hey can you share the slides from the 10am session?', False),
    ('Loss was 4.2% higher than forecast - what went wrong?', False),
    ('give me 3 ideas for a team lunch under 20 quid a head', False),
    ('meeting notes: 1) budget +5% 2) hire 2 engineers 3) revisit in Q2', False),
    ('plz write a regex that matches 5 digit zip codes', False),
    ('what would happen if we doubled the cache size to 8GB?', False),
    ('the csv has 3 columns: id, name, email. how do i import it into postgres?', False),
    ("Morning! Quick one before standup - we've got 18 tickets left and 4 days in the sprint, how many per day do we need to close?", True),
    ('so the quote came back at 14,300 + VAT (20%). whats the full amount', True),
    ('hiya, what time will it be in Tokyo if its 9am here in London (Tokyo is +9h)', True),
    ('how many mins between 11:47 and 13:02 pls', True),
    ('can you sort these alphabetically for the invite list: Zoe, adam, Mira, bea, Carl', True),
    ('grand total?\nhosting 420\nlicences 1,150\ntravel 380', True),
    ('whats 48 hours before 2026-12-24 09:00', True),
    ('I need the average of last weeks numbers: mon 120, tue 98, wed 143, thu 110, fri 87', True),
    ('if we hire 2 more at 65k each what does payroll go up by per month', True),
    ('How many of the orders below are over £100?\n#1 £45\n#2 £120\n#3 £99\n#4 £310', True),
    ('teh total of 19.99 and 4.50 and 12 plz', True),
    ('extract the hashtags from: shipping #v2 today, thanks #infra and #qa', True),
    ("what's 6 weeks from today?", True),
    ('convert 2.2 miles to km real quick', True),
    ('is 91 prime? my kid says yes', True),
    ('ok so 250ml of milk per 2 servings, how much for 7 servings', True),
    ('remove duplicates from this: red, blue, red, green, blue, yellow', True),
    ("what's 3/8 as a decimal", True),
    ("We're 2 people down this sprint so I moved 5 tickets to next week. Shout if that's a problem.", False),
    ("what's the easiest way to get 10% off the AWS bill?", False),
    ('anyone know a good place for lunch for 8 people near the office?', False),
    ("the Q4 board deck is due on the 15th - who's doing the financials slide?", False),
    ('Is 3 weeks notice enough when quitting in Germany?', False),
    ("I'll be 10 mins late to the 2pm, start without me", False),
    ('how many people are coming to the offsite? need to book the bus', False),
    ("what's the wifi at the 3rd floor meeting rooms?", False),
    ('Can someone explain what a 0.5 correlation actually means?', False),
    ("Here's the error again:\nHTTP 502 Bad Gateway (upstream timeout 60s)\nwho can look at this today?", False),
    ('draft a polite reply saying we can do 15% off but not 25%', False),
    ('what are the 3 biggest risks for the launch on 12/01?', False),
    ('should we move standup from 9:30 to 10?', False),
    ("the numbers in the Q3 report don't match the dashboard, 1.2M vs 1.35M - which one is right?", False),
    ('please book a room for 6 people tomorrow 2-3pm', False),
    ('how do i split a string by commas in python', False),
    ("pasting last month's costs for context:\nAWS 12,400\nGCP 3,100\nDatadog 2,050\nany ideas where we can save?", False),
    ('lol my code has 99 problems and the compiler is all of them', False),
    ("hey, the venue charges €45 pp and we're 23 people + 2 guests. total?", True),
    ('quick maths: 17% of our 2,350 users are on the old plan. how many is that', True),
    ('Our SLA is 99.9% monthly, how many minutes of downtime does that allow in a 30-day month?', True),
    ('What day does 1 Jan 2027 fall on?', True),
    ('pls put these in order of size: 1.2GB, 850MB, 2GB, 120MB', True),
    ('how many words in this: Please remember to submit your expenses by Friday', True),
    ("What's 1,234 x 5.5?", True),
    ('the recipe says 180C, what is that in F', True),
    ('which of these ports are privileged (<1024)? 22, 8080, 443, 3000, 80', True),
    ('can you reverse the order of these steps: build, test, deploy, verify', True),
    ('diff between 3:45pm and 11:10pm?', True),
    ('if I pay 320 a month for 18 months how much is that altogether', True),
    ('how many days between the 3rd of May and the 19th of June', True),
    ('I need the largest number here: 4412, 4421, 4142, 4214', True),
    ('work out 12.5% of 1,600 for me', True),
    ("spell 'necessary' backwards", True),
    ('which names start with a vowel? Ian, Bob, Ella, Oscar, Tim, Uma', True),
    ('average team size: 6, 9, 4, 7, 8', True),
    ('just saw the invoice for £4,200, finance will sort it', False),
    ('Counting down the days to the holidays 🎄 only 12 to go', False),
    ("what's your favourite number and why?", False),
    ("we're aiming for 40% faster builds by Q2, ideas welcome", False),
    ('I owe Sam 20 quid for the pizza lol', False),
    ('which of these 3 vendors has the best support: Okta, Auth0, Cognito?', False),
    ('is it rude to schedule a meeting at 8am on a Monday?', False),
    ('can you create a jira ticket for the 2 bugs we found today?', False),
    ('Reminder: the office is closed 24-26 Dec', False),
    ('Why does my spreadsheet show 1.23E+10 instead of the full number?', False),
    ('tested on 3 browsers, all good ✅', False),
    ('Can you summarise the 4 options we discussed and which one we picked?', False),
    ("what's the max file size for uploads to the portal?", False),
    ('how many vacation days do new hires get?', False),
    ('please rename the 2025 folder to 2025-archive', False),
    ('the average customer waits 4 minutes on hold - how can we reduce that?', False),
    ('I have 3 monitors but only 2 work, any idea why?', False),
    ('what percentage of our users are on mobile? can you pull that from mixpanel', False),
    ('Heya! What would 3 nights at €129 a night come to with the 10% member discount?', True),
    ('how many GB is 7,500 MB', True),
    ("what's the sum of 3.75, 12.4 and 0.85", True),
    ('Can you check: is 2,024 divisible by 8?', True),
    ('if a task takes 35 min and I have 6 of them, how many hours is that', True),
    ('count the commas in: a, b, c, d, e', True),
    ("what's today + 45 days", True),
    ('biggest and smallest of: 72, 18, 95, 33', True),
    ('order these dates: 12 Mar 2026, 3 Jan 2026, 28 Feb 2026', True),
    ("our churn was 2.1% in oct and 1.6% in nov, what's the relative drop?", True),
    ('help me figure out the monthly cost if the annual plan is $1,188', True),
    ('how old will I be in 2040 if I was born in 1995', True),
    ('which of these are palindromes: level, rotor, stats, table, noon', True),
    ('5 ft 9 in cm?', True),
    ("what's 0.15 * 0.4", True),
    ('title case pls: the quarterly review of platform reliability', True),
    ('how many seconds is 3h 25m', True),
    ('Round up 4,567 to the nearest hundred', True),
    ('Our 2 new hires start on the 6th, please make them feel welcome 👋', False),
    ('what time zone is the Singapore office in?', False),
    ('can we get 5 more licences for figma? who approves that?', False),
    ('Love that we shipped 3 features this week!', False),
    ('why is the 3rd step of the onboarding flow so slow?', False),
    ("Could you proofread this: 'We grew 20% YoY and hired 12 people.'", False),
    ('is the 15:00 sync still happening?', False),
    ('do we have budget for 2 more contractors in Q1?', False),
    ('I need a 2 page summary of the incident by EOD', False),
    ('what do the 3 dots next to the channel name do?', False),
    ('Please make the font 2px bigger on the pricing page', False),
    ('which laptop should I get, the 14 or the 16 inch?', False),
    ('Our 10 year anniversary party is on 7/8 - save the date!', False),
    ('how do I count distinct values in a pandas column?', False),
    ('what happened to the 3 PRs I opened yesterday?', False),
    ("I'm 5 minutes away", False),
    ('the chart shows revenue doubling since 2023, is that accurate?', False),
    ('can you add me to the 4pm call?', False)
]


@pytest.mark.parametrize("text,computable", FRESH)
def test_fresh_chat_phrasings(text, computable):
    assert computes(text) is computable
