/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * The seeded processes, as the demo stores them (single quotes stand for
 * double quotes; see oa_json()).
 *
 * Travel expense: the applicant's manager, then finance, then the boss
 * (user 1) when the amount is over 5000.
 */
#define OA_TRAVEL_EXPENSE \
  "{'key':'travel_expense','name':'Travel expense'," \
  " 'form':[{'name':'amount','type':'money','label':'Amount','required':true,'min':'0.01'}," \
  "         {'name':'trip','type':'date_range','label':'Trip','required':true}," \
  "         {'name':'purpose','type':'text','label':'Purpose','required':true}," \
  "         {'name':'customer','type':'customer','label':'Customer'}]," \
  " 'nodes':[{'id':'start','type':'start'}," \
  "          {'id':'manager','type':'approval','assignee':{'rule':'manager'},'mode':'any'}," \
  "          {'id':'finance','type':'approval','assignee':{'rule':'role','role':'finance'},'mode':'any'}," \
  "          {'id':'big','type':'condition'}," \
  "          {'id':'boss','type':'approval','assignee':{'rule':'user','user':1}}," \
  "          {'id':'end','type':'end'}]," \
  " 'edges':[{'from':'start','to':'manager'},{'from':'manager','to':'finance'}," \
  "          {'from':'finance','to':'big'}," \
  "          {'from':'big','to':'boss','when':{'op':'>','field':'amount','value':'5000'}}," \
  "          {'from':'big','to':'end','else':true},{'from':'boss','to':'end'}]}"

/*
 * Business trip: the supervisor approves, then in parallel finance records
 * the advance and HR records the trip; both meet at the join.
 */
#define OA_BUSINESS_TRIP \
  "{'key':'business_trip','name':'Business trip'," \
  " 'form':[{'name':'trip','type':'date_range','required':true}," \
  "         {'name':'destination','type':'text','required':true}," \
  "         {'name':'advance','type':'money','required':true,'min':'0'}]," \
  " 'nodes':[{'id':'start','type':'start'}," \
  "          {'id':'supervisor','type':'approval','assignee':{'rule':'manager'}}," \
  "          {'id':'split','type':'parallel'}," \
  "          {'id':'advance','type':'action','effect':'finance.register_advance'}," \
  "          {'id':'record','type':'action','effect':'hr.record_business_trip'}," \
  "          {'id':'join','type':'join'}," \
  "          {'id':'end','type':'end'}]," \
  " 'edges':[{'from':'start','to':'supervisor'},{'from':'supervisor','to':'split'}," \
  "          {'from':'split','to':'advance'},{'from':'split','to':'record'}," \
  "          {'from':'advance','to':'join'},{'from':'record','to':'join'}," \
  "          {'from':'join','to':'end'}]}"
